/**
 * What the demo instance contains: people, conversations and the phrases the generated
 * "Load test" chat is built from. Pure data, so it can be edited without touching the seeding.
 */

/** Every demo account shares it; printed by `npm run demo`, so never use it for real accounts. */
export const DEMO_PASSWORD = "demo-password";

export type DemoUser = { username: string; displayName: string; statusMessage: string; lastSeenMinutesAgo: number };

export const DEMO_USERS: readonly DemoUser[] = [
  { username: "alice", displayName: "Alice Martin", statusMessage: "Shipping 2.0 🚀", lastSeenMinutesAgo: 3 },
  { username: "bob", displayName: "Bob Nguyen", statusMessage: "On call this week 📟", lastSeenMinutesAgo: 190 },
  { username: "carol", displayName: "Carol Díaz", statusMessage: "Design reviews Tue & Thu", lastSeenMinutesAgo: 25 },
  { username: "dave", displayName: "Dave Okafor", statusMessage: "Databases, mostly", lastSeenMinutesAgo: 600 },
  { username: "erin", displayName: "Erin Svensson", statusMessage: "🌴 Back on Monday", lastSeenMinutesAgo: 4_000 },
  { username: "frank", displayName: "Frank Müller", statusMessage: "Coffee first ☕", lastSeenMinutesAgo: 55 },
];

/** The username whose existence (with a demo message) marks the demo as already seeded. */
export const MARKER_USERNAME = "alice";

/** [speaker username, markdown body] */
export type Line = readonly [string, string];

/**
 * A burst of lines starting at a local wall-clock time some days ago, or some minutes ago for
 * today (a wall-clock time today could still lie in the future when the demo is seeded).
 */
export type Session = ({ daysAgo: number; at: `${number}:${number}` } | { minutesAgo: number }) & {
  lines: readonly Line[];
};

export type Conversation = {
  /** Short and unique: it goes into every message's client_id. */
  slug: string;
  sessions: readonly Session[];
  /** How many messages (from others) each member has not read yet; everyone else is caught up. */
  unread?: Readonly<Record<string, number>>;
} & (
  | { type: "direct"; between: readonly [string, string] }
  | { type: "group"; name: string; description: string; admin: string; members: readonly string[] }
);

export const CONVERSATIONS: readonly Conversation[] = [
  {
    slug: "alice-bob",
    type: "direct",
    between: ["alice", "bob"],
    sessions: [
      {
        daysAgo: 4,
        at: "09:12",
        lines: [
          ["alice", "Morning! Did the nightly build go through?"],
          ["bob", "Nope, flaky test in `messages.test.ts` again 😩"],
          ["alice", "The reconnect one?"],
          ["bob", "Yep. Times out waiting for `message:new` about 1 run in 20"],
          ["alice", "I'll pair with you after standup, let's kill it for good"],
          ["bob", "👍"],
        ],
      },
      {
        daysAgo: 4,
        at: "14:40",
        lines: [
          ["bob", "Found it: the socket joined the room **after** the send in the slow path"],
          ["alice", "Classic. Fix is to await the join before acking?"],
          ["bob", "Exactly, PR is up"],
          ["alice", "Approved ✅ nice one"],
        ],
      },
      {
        daysAgo: 2,
        at: "10:05",
        lines: [
          ["alice", "Can you own the release notes for 2.0?"],
          ["bob", "Sure. Headline items:\n- read receipts\n- search across chats\n- _much_ faster history paging"],
          ["alice", "Add the PostgreSQL clustering bit too, people asked about it"],
          ["bob", "Good call, adding it"],
          ["bob", "Draft: https://example.com/teamchat/releases/2.0-draft"],
          ["alice", "Reads well! Maybe a screenshot of the chat list?"],
          ["bob", "Will grab one once the demo data is in 😄"],
        ],
      },
      {
        daysAgo: 1,
        at: "17:48",
        lines: [
          ["bob", "Heads up, I'm on call from tonight"],
          ["alice", "Thanks. Pager duty handover doc is pinned in #ops"],
          ["bob", "Got it"],
          ["alice", "Have a calm week 🤞"],
        ],
      },
      {
        minutesAgo: 200,
        lines: [
          ["bob", "Release tag is cut: `v2.0.0-rc.1`"],
          ["alice", "🎉🎉🎉"],
          ["alice", "I'll announce it in Product team"],
        ],
      },
    ],
  },
  {
    slug: "alice-carol",
    type: "direct",
    between: ["alice", "carol"],
    unread: { alice: 2 },
    sessions: [
      {
        daysAgo: 3,
        at: "11:30",
        lines: [
          ["carol", "New mockups for the chat list are ready for review"],
          ["carol", "https://example.com/design/chat-list-v3"],
          ["alice", "Ooh, looking now"],
          ["alice", "Love the unread badges. Is the grey on the timestamps dark enough for contrast?"],
          ["carol", "It's 4.6:1, just above **AA**. I can go darker if you want"],
          ["alice", "4.6 is fine. What about the day separators?"],
          ["carol", "Sticky at the top while scrolling, like most messengers"],
          ["alice", "Perfect 👌"],
        ],
      },
      {
        daysAgo: 1,
        at: "15:02",
        lines: [
          ["alice", "Quick one: do we have an empty state for _no chats yet_?"],
          ["carol", "Not yet! Adding it to the list"],
          ["carol", "Something like: **Say hi 👋** + a button to start a chat?"],
          ["alice", "Yes, keep it friendly and short"],
        ],
      },
      {
        minutesAgo: 25,
        lines: [
          ["alice", "Are we still on for the review tomorrow?"],
          ["carol", "Yes! 10:00, I booked the small room"],
          ["carol", "Bringing the empty-state sketches too ✏️"],
        ],
      },
    ],
  },
  {
    slug: "bob-dave",
    type: "direct",
    between: ["bob", "dave"],
    unread: { bob: 1 },
    sessions: [
      {
        daysAgo: 5,
        at: "16:20",
        lines: [
          ["bob", "Dave, is the `chat_members` index enough for the unread count query?"],
          ["dave", "It's a range scan on `(chat_id, seq)`, so yes, as long as the read pointer is close to the end"],
          ["bob", "And if someone is 10k messages behind?"],
          ["dave", "Still a few ms. I measured it:\n```\ncount(*) over 10k rows: 3.1 ms\n```"],
          ["bob", "Good enough 👍"],
        ],
      },
      {
        daysAgo: 2,
        at: "09:45",
        lines: [
          ["dave", "Vacuum settings for prod, FYI: autovacuum_vacuum_scale_factor = 0.05 on messages"],
          ["bob", "Noted, I'll put it in the ops runbook"],
          ["dave", "Thanks! And please don't run migrations by hand, the server does it under a lock"],
          ["bob", "😅 lesson learned"],
        ],
      },
      {
        minutesAgo: 600,
        lines: [["dave", "Backups restored fine in staging, all green ✅"]],
      },
    ],
  },
  {
    slug: "carol-erin",
    type: "direct",
    between: ["carol", "erin"],
    sessions: [
      {
        daysAgo: 6,
        at: "18:10",
        lines: [
          ["erin", "Off to Gotland tomorrow 🌴"],
          ["carol", "Enjoy!! Send pictures"],
          ["erin", "Only of sheep, I promise 🐑"],
        ],
      },
      {
        daysAgo: 3,
        at: "12:33",
        lines: [
          ["erin", "Told you: sheep"],
          ["carol", "😂 10/10 sheep"],
          ["carol", "Don't check Slack— I mean, *this* chat. Relax!"],
        ],
      },
    ],
  },
  {
    slug: "product",
    type: "group",
    name: "Product team",
    description: "Planning, releases and standup notes",
    admin: "alice",
    members: ["bob", "carol", "dave", "erin", "frank"],
    unread: { bob: 4, frank: 6 },
    sessions: [
      {
        daysAgo: 5,
        at: "09:30",
        lines: [
          ["alice", "Welcome to the product team chat 👋"],
          ["frank", "Hi all!"],
          ["carol", "Hello 🙂"],
          [
            "alice",
            "Plan for the week:\n1. finish read receipts\n2. search polish\n3. **release candidate** on Friday",
          ],
          ["dave", "I'll take the search ranking"],
          ["bob", "Read receipts are mine"],
        ],
      },
      {
        daysAgo: 3,
        at: "09:31",
        lines: [
          ["alice", "Standup: anything blocking?"],
          ["dave", "Need a review on the search PR"],
          ["frank", "I can take it"],
          ["carol", "Blocked on copy for the empty states, @alice can you help?"],
          ["alice", "Yes, after lunch"],
          ["erin", "Nothing from me, out from tomorrow 🌴"],
        ],
      },
      {
        daysAgo: 2,
        at: "16:05",
        lines: [
          ["frank", "Search PR merged 🎉"],
          ["dave", "Thanks Frank!"],
          ["bob", "Read receipts behind a privacy toggle, as discussed"],
          ["alice", "Great, that was the last blocker"],
        ],
      },
      {
        daysAgo: 1,
        at: "09:30",
        lines: [
          ["alice", "Standup: RC status?"],
          ["bob", "Tagging this afternoon"],
          ["carol", "Design QA done, 3 small issues filed"],
          ["dave", "Load test with 10k messages per chat looks good, see the _Load test_ group"],
          ["frank", "Docs updated: https://example.com/teamchat/docs"],
        ],
      },
      {
        minutesAgo: 180,
        lines: [
          ["alice", "**2.0 RC1 is out!** `v2.0.0-rc.1` 🚀"],
          ["carol", "🎉"],
          ["dave", "🙌"],
          ["alice", "Please try it on your phones today and report anything odd"],
          ["carol", "Will do"],
          ["dave", "Already on it"],
        ],
      },
    ],
  },
  {
    slug: "random",
    type: "group",
    name: "Lunch & random",
    description: "Food, links, cat pictures",
    admin: "alice",
    members: ["bob", "carol", "dave", "erin", "frank"],
    unread: { carol: 3 },
    sessions: [
      {
        daysAgo: 4,
        at: "11:55",
        lines: [
          ["frank", "Lunch? 🍜"],
          ["dave", "Ramen place?"],
          ["alice", "In!"],
          ["carol", "Me too, 5 min"],
        ],
      },
      {
        daysAgo: 2,
        at: "13:20",
        lines: [
          ["bob", "Good read on sequence numbers in chat systems: https://example.com/blog/gap-free-seqs"],
          ["dave", "Nice, that's basically what we do"],
          ["frank", "TL;DR?"],
          ["dave", "One row lock per chat, **no gaps**, no clock tricks"],
        ],
      },
      {
        minutesAgo: 70,
        lines: [
          ["frank", "Who left the cake in the kitchen? 🍰"],
          ["alice", "Birthday cake for Dave!"],
          ["bob", "Happy birthday Dave 🎂"],
          ["frank", "🎂🎂"],
        ],
      },
    ],
  },
];

/** The generated chat: big enough to exercise history paging, search and unread counts. */
export const LOAD_TEST_CHAT = {
  slug: "load",
  name: "Load test",
  description: "Generated messages for scrolling, paging and search",
  admin: "alice",
  member: "bob",
  /** Spread over this many days so day separators and search results span weeks. */
  spanDays: 21,
  /** The newest generated message is this old, so real conversations stay on top of the list. */
  endsMinutesAgo: 120,
  /** Bob has not read alice's last messages: the unread badge the brief asks for. */
  unreadForMember: 25,
};

// Fragments the bulk insert combines by seq; different lengths (coprime-ish) keep the mix varied.
export const GENERATED_OPENERS = [
  "",
  "Quick update:",
  "FYI",
  "Hmm,",
  "Ok so",
  "Heads up:",
  "Re the last run,",
  "Btw",
  "Good news:",
  "Not sure, but",
  "Update 🧪",
];
export const GENERATED_SUBJECTS = [
  "the p95 latency",
  "history paging",
  "the search index",
  "reconnect storms",
  "the websocket fan-out",
  "message throughput",
  "the unread counter",
  "cold start",
  "memory on node 2",
  "the read receipts",
  "typing indicators",
  "the chat list query",
  "**batch 7**",
];
export const GENERATED_REMARKS = [
  "looks stable now",
  "went up a bit after the deploy",
  "is back to normal 👍",
  "needs another look tomorrow",
  "doubled with 500 clients",
  "is fine under `k6` with 2k vus",
  "dropped by 30% 🎉",
  "is flat, nothing to see",
  "spiked once around midnight",
  "matches the baseline",
  "could use an index",
  "is _way_ better than last week",
  "— see https://example.com/grafana/d/load",
  "🤔",
];
