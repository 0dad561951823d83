import { type SQL, sql } from "drizzle-orm";
import type { Executor } from "../../packages/server/src/db/database.js";
import { GENERATED_OPENERS, GENERATED_REMARKS, GENERATED_SUBJECTS } from "./content.js";

export type GeneratedMessagesInput = {
  chatId: string;
  /** Sends the odd seqs and the whole trailing burst. */
  firstSenderId: string;
  /** Sends the even seqs before the burst. */
  secondSenderId: string;
  count: number;
  /** The last `burst` messages all come from the first sender (the other side was away). */
  burst: number;
  /** Goes into client_id ('demo-<slug>-000042'), which must be unique per sender. */
  clientIdPrefix: string;
  firstAt: Date;
  lastAt: Date;
};

/**
 * Inserts messages seq 1..count into an empty chat with ONE statement: generate_series makes
 * the rows inside the database, so 10,000 messages cost one round trip instead of 10,000.
 */
export async function insertGeneratedMessages(db: Executor, input: GeneratedMessagesInput): Promise<void> {
  const stepSeconds = (input.lastAt.getTime() - input.firstAt.getTime()) / 1000 / Math.max(1, input.count - 1);
  // Jitter stays below half a step, so created_at still grows strictly with seq.
  const createdAt = sql`${input.lastAt.toISOString()}::timestamptz
    - make_interval(secs => (${input.count}::int - n) * ${stepSeconds}::float8
      + ((n * 7919) % 100) * ${stepSeconds / 200}::float8)`;
  // Multipliers coprime with the array lengths walk every combination instead of repeating a short cycle.
  const body = sql`concat_ws(' ',
      nullif(${pick(GENERATED_OPENERS, sql`n * 7`)}, ''),
      ${pick(GENERATED_SUBJECTS, sql`n * 5 + n / 13`)},
      ${pick(GENERATED_REMARKS, sql`n * 3 + n / 11`)})`;
  await db.execute(sql`
    INSERT INTO messages (chat_id, seq, sender_id, client_id, kind, body, created_at)
    SELECT ${input.chatId}::uuid, n,
      CASE WHEN n % 2 = 1 OR n > ${input.count - input.burst}::int
        THEN ${input.firstSenderId}::uuid ELSE ${input.secondSenderId}::uuid END,
      ${input.clientIdPrefix} || lpad(n::text, 6, '0'),
      'text', ${body}, ${createdAt}
    FROM generate_series(1, ${input.count}::int) AS n`);
}

/** `ARRAY[...]` of bound parameters, indexed by `indexExpr` modulo its length (1-based in SQL). */
function pick(values: readonly string[], indexExpr: SQL): SQL {
  const array = sql`ARRAY[${sql.join(
    values.map((v) => sql`${v}::text`),
    sql`, `,
  )}]`;
  return sql`(${array})[1 + (${indexExpr}) % ${values.length}::int]`;
}
