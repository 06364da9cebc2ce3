import { type ErrorCode, errorHints } from "@/server/errors/error-codes";
import { errorStatuses } from "@/server/http/error-statuses";

export const metadata = { title: "Maitre API errors" };

// Every problem+json body's `type` is /docs/errors#<code>: this page is where it leads — what each code means,
// its HTTP status and what to do next, from the same tables the API answers with.
export default function ErrorsPage() {
  const codes = Object.keys(errorStatuses) as ErrorCode[];
  return (
    <main className="doc-page">
      <h1>API errors</h1>
      <p>
        Every refusal is <code>application/problem+json</code> with a <code>code</code> and a <code>hint</code> saying
        what to do next. The full reference, with examples, is <code>docs/api.md</code>; the machine-readable one is{" "}
        <a href="/api/openapi.json">/api/openapi.json</a>.
      </p>
      <table>
        <thead>
          <tr>
            <th scope="col">Code</th>
            <th scope="col">Status</th>
            <th scope="col">Meaning</th>
            <th scope="col">What to do</th>
          </tr>
        </thead>
        <tbody>
          {codes.map((code) => (
            <tr key={code} id={code.toLowerCase()}>
              <th scope="row">
                <code>{code}</code>
              </th>
              <td>{errorStatuses[code].status}</td>
              <td>{errorStatuses[code].title}</td>
              <td>{errorHints[code]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </main>
  );
}
