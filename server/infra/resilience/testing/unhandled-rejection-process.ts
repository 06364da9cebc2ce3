/**
 * For survive-database-rejections.test.ts (run with `node --import tsx`, never imported): installs the guard as a
 * worker does, then leaves one promise rejected with nobody awaiting it — a database connection failure (argv
 * "connection") or a plain bug (argv "bug") — and reports whether the process was still alive 200 ms later.
 */
import pino from "pino";
import { surviveDatabaseRejections } from "../survive-database-rejections";

surviveDatabaseRejections({ log: pino({ level: "silent" }), exitOnOthers: true });
const reason =
  process.argv[2] === "connection"
    ? Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" })
    : new TypeError("cannot read properties of undefined");
void Promise.reject(reason);
setTimeout(() => {
  process.stdout.write("alive\n");
  process.exit(0);
}, 200);
