import { closeSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";

export class DataDirInUseError extends Error {
  override name = "DataDirInUseError";
}

/**
 * Two PGlite instances on one data directory corrupt it, so each process claims the directory with a pid file
 * first. A claim left by a dead process is taken over; a live one is refused with what to do instead.
 * Returns the release function.
 */
export function claimDataDir(dataDir: string): () => void {
  const lockPath = `${dataDir}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      const release = () => {
        process.off("exit", release);
        rmSync(lockPath, { force: true });
      };
      // A process that exits without closing the database still leaves no claim behind.
      process.once("exit", release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = Number.parseInt(readFileSync(lockPath, "utf8"), 10);
      if (Number.isInteger(owner) && owner !== process.pid && isAlive(owner)) {
        throw new DataDirInUseError(
          `The embedded database ${dataDir} is open in process ${owner} (probably \`npm run dev\`). ` +
            "Stop that process first, or set DATABASE_URL to use a PostgreSQL server that many processes can share.",
        );
      }
      rmSync(lockPath, { force: true });
    }
  }
  throw new DataDirInUseError(`Could not claim ${lockPath}; remove it if no Maitre process is running.`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
