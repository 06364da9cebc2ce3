"use client";

import { type FormEvent, useId, useState } from "react";
import { ApiProblem, apiFetch } from "@/components/ui/api-fetch";
import { FormSubmit } from "@/components/ui/form-submit";
import { MIN_PASSWORD_LENGTH, ZPasswordChangedResponseSchema } from "@/server/setup/team/team-schema";

/**
 * Choosing a new password from a reset link: the password twice (a typo would lock them out again), then signed
 * in and on to the restaurant's ops page; every other device of theirs is signed out.
 */
export function ChoosePasswordForm({ token }: { token: string }) {
  const id = useId();
  const [pending, setPending] = useState(false);
  const [errors, setErrors] = useState<{ password?: string; repeat?: string; form?: string }>({});

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const password = String(form.get("password") ?? "");
    if (password !== String(form.get("repeat") ?? "")) {
      setErrors({ repeat: "The two passwords are not the same: type the new password again." });
      return;
    }
    setPending(true);
    setErrors({});
    try {
      const changed = await apiFetch(
        `/api/password-resets/${encodeURIComponent(token)}/complete`,
        ZPasswordChangedResponseSchema,
        { method: "POST", body: { password } },
      );
      window.location.assign(`/ops?restaurant=${encodeURIComponent(changed.restaurant.slug)}`);
    } catch (error) {
      setPending(false);
      if (!(error instanceof ApiProblem)) {
        setErrors({ form: "The password could not be changed; try again." });
        return;
      }
      const fieldError = Array.isArray(error.body.errors)
        ? (error.body.errors as Array<{ path?: string; message?: string }>).find((e) =>
            String(e.path ?? "").endsWith("password"),
          )
        : undefined;
      setErrors(
        fieldError
          ? { password: `Password ${fieldError.message}` }
          : { form: error.status === 410 || error.status === 404 ? `${error.message}. ${error.hint}.` : error.hint },
      );
    }
  }

  const input = "w-full max-w-sm rounded border border-slate-400 bg-white px-3 py-2 text-base";
  const label = "flex flex-col gap-1 text-sm font-medium text-slate-800";
  return (
    <form method="post" onSubmit={onSubmit} className="mt-4 flex flex-col gap-4">
      <div className={label}>
        <label htmlFor={`${id}-password`}>New password</label>
        <input
          id={`${id}-password`}
          name="password"
          type="password"
          required
          minLength={MIN_PASSWORD_LENGTH}
          maxLength={200}
          autoComplete="new-password"
          className={input}
          aria-describedby={`${id}-password-help${errors.password ? ` ${id}-password-error` : ""}`}
          aria-invalid={errors.password ? true : undefined}
        />
        <span id={`${id}-password-help`} className="text-sm font-normal text-slate-600">
          At least {MIN_PASSWORD_LENGTH} characters.
        </span>
        {errors.password && (
          <span id={`${id}-password-error`} role="alert" className="text-sm font-normal text-red-700">
            {errors.password}
          </span>
        )}
      </div>
      <div className={label}>
        <label htmlFor={`${id}-repeat`}>Repeat the new password</label>
        <input
          id={`${id}-repeat`}
          name="repeat"
          type="password"
          required
          autoComplete="new-password"
          className={input}
          aria-describedby={errors.repeat ? `${id}-repeat-error` : undefined}
          aria-invalid={errors.repeat ? true : undefined}
        />
        {errors.repeat && (
          <span id={`${id}-repeat-error`} role="alert" className="text-sm font-normal text-red-700">
            {errors.repeat}
          </span>
        )}
      </div>
      <FormSubmit pending={pending} error={errors.form}>
        Save the new password and sign in
      </FormSubmit>
    </form>
  );
}
