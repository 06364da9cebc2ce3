/** What to tell the user after a failed API call: the problem's hint (problem+json), else a generic line. */
export async function readProblemHint(response: Response): Promise<string> {
  try {
    const problem = (await response.json()) as { hint?: unknown; title?: unknown };
    if (typeof problem.hint === "string" && problem.hint) return problem.hint;
    if (typeof problem.title === "string" && problem.title) return problem.title;
  } catch {
    // Not JSON (a proxy's error page): fall through.
  }
  return `The server answered ${response.status}; try again in a moment.`;
}
