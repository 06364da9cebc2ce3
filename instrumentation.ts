// Runs once per server process before it serves requests (Next.js instrumentation hook).
export async function register(): Promise<void> {
  // The edge runtime has no filesystem or WASM Postgres; only the Node.js server boots the database.
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startServer } = await import("./server/start-server");
  await startServer();
}
