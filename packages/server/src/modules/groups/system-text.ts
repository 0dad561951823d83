/**
 * The bodies of group system messages. Names are resolved when the change happens and stored
 * in the body, so history reads the same after someone renames themselves or leaves.
 */
export const systemText = {
  added: (actor: string, names: string[]) => `${actor} added ${listOf(names)}`,
  removed: (actor: string, name: string) => `${actor} removed ${name}`,
  left: (name: string) => `${name} left`,
  joined: (name: string) => `${name} joined`,
  promoted: (actor: string, name: string) => `${actor} made ${name} an admin`,
  demoted: (actor: string, name: string) => `${actor} dismissed ${name} as admin`,
  autoPromoted: (name: string) => `${name} is now an admin`,
  renamed: (actor: string, name: string) => `${actor} changed the group name to “${name}”`,
  described: (actor: string, description: string | null) =>
    description ? `${actor} changed the group description` : `${actor} removed the group description`,
  avatar: (actor: string, set: boolean) =>
    set ? `${actor} changed the group photo` : `${actor} removed the group photo`,
  setting: (actor: string, on: boolean, what: string) => `${actor} turned ${on ? "on" : "off"}: ${what}`,
  /** The host app's changes (admin API) name the app, not a colleague. */
  addedByHost: (host: string, names: string[]) =>
    `${listOf(names)} ${names.length > 1 ? "were" : "was"} added by ${host}`,
  removedByHost: (host: string, name: string) => `${name} was removed by ${host}`,
  createdByHost: (host: string, kind: "group" | "channel") =>
    `${kind === "channel" ? "Channel" : "Group"} created by ${host}`,
  disappearing: (actor: string, seconds: number | null) =>
    seconds
      ? `${actor} turned on disappearing messages: new messages disappear after ${durationLabel(seconds)}`
      : `${actor} turned off disappearing messages`,
};

function durationLabel(seconds: number): string {
  if (seconds % 86_400 === 0) return seconds === 86_400 ? "24 hours" : `${seconds / 86_400} days`;
  return `${seconds} seconds`;
}

export const settingLabel = {
  onlyAdminsCanPost: "only admins can send messages",
  membersCanAddOthers: "members can add others",
  membersCanPin: "members can pin messages",
} as const;

function listOf(names: string[]): string {
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}
