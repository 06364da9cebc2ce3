import { listDemoSignIn } from "@/server/demo/list-demo-sign-in";
import { getRuntime } from "@/server/runtime/get-runtime";
import { listVenueOverview } from "@/server/venue/list-venue-overview";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  const runtime = await getRuntime();
  const venues = await listVenueOverview(runtime.db.kysely);
  const demoSignIn = listDemoSignIn({
    production: runtime.env.NODE_ENV === "production",
    slugs: venues.map((v) => v.slug),
  });
  return (
    <main className="doc-page">
      <h1>Maitre</h1>
      <p>Plans the best table or combination of adjacent tables for every booking and commits it atomically.</p>
      <h2>Restaurants</h2>
      <table>
        <thead>
          <tr>
            <th>Restaurant</th>
            <th>Time zone</th>
            <th>Zones</th>
            <th>Tables</th>
            <th>Bookings today</th>
          </tr>
        </thead>
        <tbody>
          {venues.map((v) => (
            <tr key={v.slug}>
              <td>{v.name}</td>
              <td>{v.timezone}</td>
              <td>{v.zones}</td>
              <td>{v.tables}</td>
              <td>
                {v.bookingsToday.total}
                {Object.keys(v.bookingsToday.byStatus).length > 0 &&
                  ` (${Object.entries(v.bookingsToday.byStatus)
                    .map(([status, n]) => `${n} ${status.replaceAll("_", " ")}`)
                    .join(", ")})`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {demoSignIn && (
        <section>
          <h2>Demo sign-in</h2>
          <p>
            Password <code>{demoSignIn.password}</code> for every account (refused in production):
          </p>
          <ul>
            {demoSignIn.accounts.map((a) => (
              <li key={a.email}>
                <code>{a.email}</code> – {a.role} of every demo restaurant
              </li>
            ))}
          </ul>
          <p>Booking-client API keys:</p>
          <ul>
            {demoSignIn.apiKeys.map((k) => (
              <li key={k.slug}>
                {k.slug}: <code>{k.key}</code>
              </li>
            ))}
          </ul>
        </section>
      )}
      <p>
        <a href="/api/health">Health</a> · <a href="/api/metrics">Metrics</a> · <a href="/ops/dev/mail">Dev outbox</a>{" "}
        (guest emails)
      </p>
    </main>
  );
}
