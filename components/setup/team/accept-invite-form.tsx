"use client";

import { type FormEvent, useId, useState } from "react";
import { ApiProblem, apiFetch } from "@/components/ui/api-fetch";
import { FormSubmit } from "@/components/ui/form-submit";
import {
  MIN_PASSWORD_LENGTH,
  type TInvitePreview,
  ZAcceptedInviteResponseSchema,
} from "@/server/setup/team/team-schema";

/**
 * Accepting an invitation: a new account's name and password, or — when the invited email has an account — its
 * password. Then signed in and on to the restaurant's ops page.
 */
export function AcceptInviteForm({ token, invite }: { token: string; invite: TInvitePreview }) {
  const id = useId();
  const [pending, setPending] = useState(false);
  const [errors, setErrors] = useState<{ name?: string; password?: string; form?: string }>({});

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setErrors({});
    try {
      const accepted = await apiFetch(
        `/api/invites/${encodeURIComponent(token)}/accept`,
        ZAcceptedInviteResponseSchema,
        {
          method: "POST",
          body: {
            ...(invite.hasAccount ? {} : { name: String(form.get("name") ?? "") }),
            password: String(form.get("password") ?? ""),
          },
        },
      );
      window.location.assign(`/ops?restaurant=${encodeURIComponent(accepted.restaurant.slug)}`);
    } catch (error) {
      setPending(false);
      if (!(error instanceof ApiProblem)) {
        setErrors({ form: "The invitation could not be accepted; try again." });
        return;
      }
      const next: typeof errors = {};
      for (const e of Array.isArray(error.body.errors)
        ? (error.body.errors as Array<{ path?: string; message?: string }>)
        : []) {
        const field = String(e.path ?? "")
          .split(".")
          .at(-1);
        if (field === "name" && !next.name) next.name = `Name ${e.message}`;
        if (field === "password" && !next.password) next.password = `Password ${e.message}`;
      }
      if (error.code === "UNAUTHENTICATED") next.password = "That password is not right for this account.";
      setErrors(Object.keys(next).length > 0 ? next : { form: error.hint });
    }
  }

  const input = "w-full max-w-sm rounded border border-slate-400 bg-white px-3 py-2 text-base";
  const label = "flex flex-col gap-1 text-sm font-medium text-slate-800";
  return (
    <form method="post" onSubmit={onSubmit} className="mt-4 flex flex-col gap-4">
      <p className="text-sm text-slate-700">
        Email: <strong>{invite.email}</strong>
      </p>
      {invite.hasAccount ? (
        <p>You already have a Maitre account with this email: enter its password to join.</p>
      ) : (
        <div className={label}>
          <label htmlFor={`${id}-name`}>Your name</label>
          <input
            id={`${id}-name`}
            name="name"
            required
            maxLength={100}
            autoComplete="name"
            className={input}
            aria-describedby={errors.name ? `${id}-name-error` : undefined}
          />
          {errors.name && (
            <span id={`${id}-name-error`} role="alert" className="text-sm font-normal text-red-700">
              {errors.name}
            </span>
          )}
        </div>
      )}
      <div className={label}>
        <label htmlFor={`${id}-password`}>{invite.hasAccount ? "Password" : "Choose a password"}</label>
        <input
          id={`${id}-password`}
          name="password"
          type="password"
          required
          minLength={invite.hasAccount ? 1 : MIN_PASSWORD_LENGTH}
          autoComplete={invite.hasAccount ? "current-password" : "new-password"}
          className={input}
          aria-describedby={`${id}-password-help${errors.password ? ` ${id}-password-error` : ""}`}
        />
        <span id={`${id}-password-help`} className="text-sm font-normal text-slate-600">
          {invite.hasAccount
            ? "The password you sign in to Maitre with."
            : `At least ${MIN_PASSWORD_LENGTH} characters.`}
        </span>
        {errors.password && (
          <span id={`${id}-password-error`} role="alert" className="text-sm font-normal text-red-700">
            {errors.password}
          </span>
        )}
      </div>
      <FormSubmit pending={pending} error={errors.form}>
        Join {invite.restaurantName}
      </FormSubmit>
    </form>
  );
}
