/**
 * The wire protocol's version: bumped on any breaking change of events, payloads or routes (an
 * added optional field or a new event is not breaking and keeps it). Sent by every client in the
 * socket handshake as `auth.protocolVersion`.
 */
// 2: messages of kind `notice` (an older client's strict schema refuses them).
export const PROTOCOL_VERSION = 2;

/**
 * Whether a client speaking `clientVersion` may connect to a server speaking `serverVersion`.
 * The version is a major number: only equal versions are compatible. A missing or malformed
 * version is a client from before the check (or not ours): outdated. A newer client than the
 * server happens during a rolling deploy (an updated app reaching a node not yet updated).
 */
export function checkProtocolVersion(
  clientVersion: unknown,
  serverVersion: number = PROTOCOL_VERSION,
): "compatible" | "client-outdated" | "server-outdated" {
  if (typeof clientVersion !== "number" || !Number.isInteger(clientVersion) || clientVersion < 1) {
    return "client-outdated";
  }
  if (clientVersion < serverVersion) return "client-outdated";
  if (clientVersion > serverVersion) return "server-outdated";
  return "compatible";
}
