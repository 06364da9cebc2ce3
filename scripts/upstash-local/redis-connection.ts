import { connect, type Socket } from "node:net";
import { encodeCommand, RespError, RespParser, type RespValue } from "./resp";

type Pending = {
  count: number;
  replies: RespValue[];
  resolve: (replies: RespValue[]) => void;
  reject: (e: Error) => void;
};
type Link = { socket: Socket; pending: Pending[] };

/**
 * One Redis connection that many callers share. Redis answers in order, so replies are matched to callers
 * FIFO. Each `send` writes all of its commands in ONE socket write, so a MULTI…EXEC batch can never interleave
 * with another caller's commands. Reconnects on the next send after the connection drops. (A blocking command
 * such as BLPOP would stall everyone: fine for a dev proxy, which is all this is.)
 */
export class RedisConnection {
  private link: Link | undefined;
  private connecting: Promise<Link> | undefined;

  constructor(private readonly options: { url: string; connectTimeoutMs?: number }) {}

  async send(commands: ReadonlyArray<ReadonlyArray<string | Buffer>>): Promise<RespValue[]> {
    return write(await this.ensureConnected(), commands);
  }

  async close(): Promise<void> {
    const link = this.link;
    this.link = undefined;
    if (!link || link.socket.destroyed) return;
    await new Promise<void>((resolve) => {
      link.socket.once("close", () => resolve());
      link.socket.end();
      setTimeout(() => link.socket.destroy(), 500).unref();
    });
  }

  private ensureConnected(): Promise<Link> {
    if (this.link && !this.link.socket.destroyed) return Promise.resolve(this.link);
    this.connecting ??= this.open().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private async open(): Promise<Link> {
    const url = new URL(this.options.url);
    const socket = await connectSocket(url, this.options.connectTimeoutMs ?? 2000);
    // Replies and failures stay with the socket they belong to, even if a newer one replaced it meanwhile.
    const link: Link = { socket, pending: [] };
    const parser = new RespParser();
    socket.setNoDelay(true);
    socket.on("data", (chunk) => deliver(link, parser.push(chunk)));
    socket.on("error", () => undefined);
    socket.on("close", () => {
      if (this.link === link) this.link = undefined;
      for (const p of link.pending.splice(0)) p.reject(new Error("Redis connection closed"));
    });
    const handshake = handshakeCommands(url);
    if (handshake.length > 0) {
      const failure = (await write(link, handshake)).find((r) => r instanceof RespError);
      if (failure instanceof RespError) {
        socket.destroy();
        throw new Error(`Redis handshake failed: ${failure.message}`);
      }
    }
    this.link = link;
    return link;
  }
}

function write(link: Link, commands: ReadonlyArray<ReadonlyArray<string | Buffer>>): Promise<RespValue[]> {
  return new Promise((resolve, reject) => {
    link.pending.push({ count: commands.length, replies: [], resolve, reject });
    link.socket.write(Buffer.concat(commands.map((command) => encodeCommand(command))));
  });
}

function deliver(link: Link, values: RespValue[]): void {
  for (const value of values) {
    const head = link.pending[0];
    if (!head) continue;
    head.replies.push(value);
    if (head.replies.length === head.count) {
      link.pending.shift();
      head.resolve(head.replies);
    }
  }
}

function connectSocket(url: URL, timeoutMs: number): Promise<Socket> {
  return new Promise<Socket>((resolve, reject) => {
    const socket = connect({ host: url.hostname, port: Number(url.port || 6379) });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(Object.assign(new Error(`Redis connect timeout (${url.host})`), { code: "ETIMEDOUT" }));
    }, timeoutMs);
    socket.once("connect", () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/** AUTH and SELECT from redis://[user:password@]host:port[/db]. */
function handshakeCommands(url: URL): string[][] {
  const commands: string[][] = [];
  const password = decodeURIComponent(url.password);
  const username = decodeURIComponent(url.username);
  if (password) commands.push(username ? ["AUTH", username, password] : ["AUTH", password]);
  const db = url.pathname.replace(/^\//, "");
  if (db && db !== "0") commands.push(["SELECT", db]);
  return commands;
}
