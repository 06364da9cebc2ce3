import type { ReactNode } from "react";

/** A form's closing line: the form-level error (what went wrong, in words) and its one submit button. */
export function FormSubmit({
  pending,
  error,
  children,
}: {
  pending: boolean;
  error?: string | undefined;
  children: ReactNode;
}) {
  return (
    <>
      {error && (
        <p role="alert" className="text-red-700">
          {error}
        </p>
      )}
      <div>
        <button
          type="submit"
          disabled={pending}
          aria-busy={pending}
          className="rounded bg-blue-700 px-5 py-2.5 text-base font-semibold text-white hover:bg-blue-800 disabled:opacity-60"
        >
          {children}
        </button>
      </div>
    </>
  );
}
