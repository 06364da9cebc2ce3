import { parseArgs } from "node:util";
import { findStaffAccount, setStaffAccountActive } from "../../server/auth/set-staff-account-active";
import type { Db } from "../../server/infra/db/open-db";
import { processIo, type TCommandIo } from "./read-json-command-input";

/**
 * `npm run maitre -- staff show|disable|enable --email EMAIL`: the on-call engineer's tool for a staff account
 * (runbook 6.10, a compromised account), against the configured database. `disable` locks the account out on every
 * restaurant and ends its sessions; `enable` lets it sign in again with its memberships as they were. Prints the
 * account as JSON. Exit 0 done, 2 bad usage or no such account.
 */

const ACTIONS = ["show", "disable", "enable"] as const;

const USAGE = `Usage: npm run maitre -- staff show|disable|enable --email EMAIL

  show     the account: active or not, its restaurants and roles, live sessions
  disable  lock it out everywhere at once: its sessions end, its password-reset links stop working
  enable   let it sign in again (its restaurants and roles were kept)
`;

export type TStaffCommandSource = { db: Db; close: () => Promise<void> };

async function openConfiguredSource(): Promise<TStaffCommandSource> {
  const { closeDb, getDb } = await import("../../server/infra/db/get-db");
  return { db: await getDb(), close: closeDb };
}

export async function run(
  argv: string[],
  io: TCommandIo = processIo,
  open: () => Promise<TStaffCommandSource> = openConfiguredSource,
): Promise<number> {
  let parsed: { values: { email?: string; help?: boolean }; positionals: string[] };
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { email: { type: "string", short: "e" }, help: { type: "boolean", short: "h" } },
    });
  } catch (error) {
    io.stderr(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  if (parsed.values.help) {
    io.stdout(USAGE);
    return 0;
  }
  const [action, ...extra] = parsed.positionals;
  const email = parsed.values.email?.trim();
  if (!(ACTIONS as readonly (string | undefined)[]).includes(action) || extra.length > 0 || !email) {
    io.stderr(`${!email ? "--email EMAIL is required" : `Say one of ${ACTIONS.join(", ")}`}\n\n${USAGE}`);
    return 2;
  }
  const source = await open();
  try {
    const account =
      action === "show"
        ? await findStaffAccount(source.db, { email })
        : await setStaffAccountActive(source.db, { email, active: action === "enable" });
    if (!account) {
      io.stderr(`No staff account has the email "${email}".\n`);
      return 2;
    }
    io.stdout(`${JSON.stringify(account, null, 2)}\n`);
    if (action === "disable") {
      io.stderr(
        `Disabled ${account.email}: refused everywhere within a second; ${"endedSessions" in account ? account.endedSessions : 0} session(s) ended. With Supabase Auth, also block the user there.\n`,
      );
    }
    if (action === "enable") io.stderr(`Enabled ${account.email}: they can sign in again.\n`);
    return 0;
  } finally {
    await source.close();
  }
}
