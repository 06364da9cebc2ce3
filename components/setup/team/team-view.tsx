"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useId, useState } from "react";
import { toast } from "sonner";
import { z } from "zod";
import { useOpsStaff } from "@/components/ops/ops-session";
import { useOpsLocation } from "@/components/ops/use-ops-location";
import { ApiProblem, apiFetch } from "@/components/ui/api-fetch";
import { LoadError, LoadSkeleton } from "@/components/ui/load-error";
import { STAFF_ROLE_RANK } from "@/server/auth/staff-session-types";
import {
  STAFF_ROLES,
  type TTeamInvite,
  type TTeamMember,
  ZInviteResponseSchema,
  ZMemberResponseSchema,
  ZPasswordResetSentResponseSchema,
  ZRemovedMemberResponseSchema,
  ZSignedOutMemberResponseSchema,
  ZTeamResponseSchema,
} from "@/server/setup/team/team-schema";

type TRole = (typeof STAFF_ROLES)[number];

const ROLE_TEXT: Record<TRole, string> = {
  owner: "Owner — everything, including owners and billing",
  manager: "Manager — setup, team and API keys",
  host: "Host — bookings and the floor on service",
};
const ROLE_LABEL: Record<TRole, string> = { owner: "Owner", manager: "Manager", host: "Host" };

const problemText = (error: unknown, fallback: string) => (error instanceof ApiProblem ? error.hint : fallback);

/**
 * Team (manager+): members and pending invitations; invite, resend, revoke, change role, remove, sign out
 * everywhere and — with local accounts (`localPasswords`) — email a member a password-reset link.
 */
export function TeamView({ localPasswords }: { localPasswords: boolean }) {
  const { restaurant } = useOpsLocation();
  if (STAFF_ROLE_RANK[restaurant.role] < STAFF_ROLE_RANK.manager) {
    return (
      <div className="p-6">
        <h1 className="text-2xl font-bold">Team</h1>
        <p className="mt-2 text-slate-700">The team of {restaurant.name} is managed by its managers and owners.</p>
      </div>
    );
  }
  return (
    <TeamManager
      restaurantId={restaurant.restaurantId}
      restaurantName={restaurant.name}
      myRole={restaurant.role}
      timeZone={restaurant.timezone}
      localPasswords={localPasswords}
    />
  );
}

function TeamManager({
  restaurantId,
  restaurantName,
  myRole,
  timeZone,
  localPasswords,
}: {
  restaurantId: string;
  restaurantName: string;
  myRole: TRole;
  timeZone: string;
  localPasswords: boolean;
}) {
  const base = `/api/ops/restaurants/${restaurantId}`;
  const key = ["setup", "team", restaurantId];
  const queryClient = useQueryClient();
  const team = useQuery({ queryKey: key, queryFn: () => apiFetch(`${base}/team`, ZTeamResponseSchema) });
  const refresh = () => queryClient.invalidateQueries({ queryKey: key });
  const grantable = STAFF_ROLES.filter((r) => myRole === "owner" || r !== "owner");
  const date = (iso: string) =>
    new Intl.DateTimeFormat("en-GB", { timeZone, dateStyle: "medium" }).format(new Date(iso));

  return (
    <div className="mx-auto w-full max-w-5xl p-6">
      <h1 className="text-2xl font-bold text-slate-900">Team</h1>
      <p className="mt-1 text-slate-700">Who works at {restaurantName} in Maitre, and what each may do.</p>
      <InviteForm url={`${base}/invites`} roles={grantable} onInvited={() => void refresh()} />
      {team.isPending && <LoadSkeleton label="Loading the team" className="mt-6" />}
      {team.error && <LoadError what="The team" error={team.error} onRetry={() => team.refetch()} className="mt-6" />}
      {team.data && (
        <>
          <section aria-labelledby="members-heading" className="mt-8">
            <h2 id="members-heading" className="text-lg font-semibold text-slate-900">
              Members ({team.data.members.length})
            </h2>
            <div className="mt-2 overflow-x-auto">
              <table className="w-full border-collapse text-left text-sm">
                <thead>
                  <tr className="border-b border-slate-300 text-slate-700">
                    <th scope="col" className="py-2 pr-3 font-semibold">
                      Name
                    </th>
                    <th scope="col" className="py-2 pr-3 font-semibold">
                      Email
                    </th>
                    <th scope="col" className="py-2 pr-3 font-semibold">
                      Role
                    </th>
                    <th scope="col" className="py-2 pr-3 font-semibold">
                      Member since
                    </th>
                    <th scope="col" className="py-2 font-semibold">
                      <span className="sr-only">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {team.data.members.map((member) => (
                    <MemberRow
                      key={member.staffUserId}
                      member={member}
                      url={`${base}/team/${member.staffUserId}`}
                      myRole={myRole}
                      since={date(member.since)}
                      localPasswords={localPasswords}
                      lastOwner={
                        member.role === "owner" && team.data.members.filter((m) => m.role === "owner").length === 1
                      }
                      onChanged={() => void refresh()}
                    />
                  ))}
                </tbody>
              </table>
            </div>
          </section>
          <section aria-labelledby="invites-heading" className="mt-8">
            <h2 id="invites-heading" className="text-lg font-semibold text-slate-900">
              Pending invitations ({team.data.invites.length})
            </h2>
            {team.data.invites.length === 0 ? (
              <p className="mt-2 text-slate-600">No invitation is waiting.</p>
            ) : (
              <ul className="mt-2 divide-y divide-slate-200 border-y border-slate-200">
                {team.data.invites.map((invite) => (
                  <InviteRow
                    key={invite.id}
                    invite={invite}
                    url={`${base}/invites/${invite.id}`}
                    mayManage={myRole === "owner" || invite.role !== "owner"}
                    until={date(invite.expiresAt)}
                    onChanged={() => void refresh()}
                  />
                ))}
              </ul>
            )}
          </section>
        </>
      )}
    </div>
  );
}

function InviteForm({ url, roles, onInvited }: { url: string; roles: readonly TRole[]; onInvited: () => void }) {
  const id = useId();
  const [error, setError] = useState<{ field: "email" | "role" | "form"; text: string } | null>(null);
  const invite = useMutation({
    mutationFn: (body: { email: string; role: string }) =>
      apiFetch(url, ZInviteResponseSchema, { method: "POST", body }),
  });
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    setError(null);
    invite.mutate(
      { email: String(form.get("email") ?? ""), role: String(form.get("role") ?? "host") },
      {
        onSuccess: ({ invite: created }) => {
          formElement.reset();
          toast.success(`Invitation sent to ${created.email}`);
          onInvited();
        },
        onError: (e) => {
          const path =
            e instanceof ApiProblem && Array.isArray(e.body.errors) ? String(e.body.errors[0]?.path ?? "") : "";
          const text =
            e instanceof ApiProblem && Array.isArray(e.body.errors) && e.body.errors[0]?.message
              ? `${path.endsWith("email") ? "Email" : "Role"} ${e.body.errors[0].message}`
              : problemText(e, "The invitation could not be sent.");
          setError({
            field: path.endsWith("role")
              ? "role"
              : path.endsWith("email") || (e instanceof ApiProblem && e.code === "ALREADY_MEMBER")
                ? "email"
                : "form",
            text,
          });
        },
      },
    );
  }
  return (
    <form
      onSubmit={onSubmit}
      className="mt-6 rounded-lg border border-slate-300 bg-white p-4"
      aria-labelledby={`${id}-h`}
    >
      <h2 id={`${id}-h`} className="text-lg font-semibold text-slate-900">
        Invite someone
      </h2>
      <p className="text-sm text-slate-700">They get an email with a link that works once, for 7 days.</p>
      <div className="mt-3 flex flex-wrap items-start gap-4">
        <div className="flex flex-col gap-1 text-sm font-medium text-slate-800">
          <label htmlFor={`${id}-email`}>Email</label>
          <input
            id={`${id}-email`}
            name="email"
            type="email"
            required
            autoComplete="off"
            placeholder="sam@example.com"
            className="w-72 rounded border border-slate-400 px-3 py-2 text-base"
            aria-invalid={error?.field === "email" || undefined}
            aria-describedby={error?.field === "email" ? `${id}-error` : undefined}
          />
          {error?.field === "email" && (
            <span id={`${id}-error`} role="alert" className="max-w-72 text-sm font-normal text-red-700">
              {error.text}
            </span>
          )}
        </div>
        <div className="flex flex-col gap-1 text-sm font-medium text-slate-800">
          <label htmlFor={`${id}-role`}>Role</label>
          <select
            id={`${id}-role`}
            name="role"
            defaultValue="host"
            className="rounded border border-slate-400 bg-white px-3 py-2 text-base"
          >
            {roles.map((role) => (
              <option key={role} value={role}>
                {ROLE_TEXT[role]}
              </option>
            ))}
          </select>
        </div>
        <button
          type="submit"
          disabled={invite.isPending}
          className="mt-6 rounded bg-blue-700 px-4 py-2 font-semibold text-white hover:bg-blue-800 disabled:opacity-60"
        >
          Send invitation
        </button>
      </div>
      {error && error.field !== "email" && (
        <p role="alert" className="mt-2 text-sm text-red-700">
          {error.text}
        </p>
      )}
    </form>
  );
}

function MemberRow({
  member,
  url,
  myRole,
  since,
  lastOwner,
  localPasswords,
  onChanged,
}: {
  member: TTeamMember;
  url: string;
  myRole: TRole;
  since: string;
  /** Local accounts: Maitre keeps the passwords, so a manager can send a reset link (not with Supabase Auth). */
  localPasswords: boolean;
  /** The only owner: cannot be demoted or removed (the server refuses too); said in words instead of controls. */
  lastOwner: boolean;
  onChanged: () => void;
}) {
  const me = useOpsStaff();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const mayTouch = !lastOwner && (myRole === "owner" || member.role !== "owner");
  const roles = STAFF_ROLES.filter((r) => myRole === "owner" || r !== "owner");
  const isMe = member.staffUserId === me.id;
  const change = useMutation({
    mutationFn: (role: string) => apiFetch(url, ZMemberResponseSchema, { method: "PATCH", body: { role } }),
    onSuccess: ({ member: changed }) => {
      setError(null);
      toast.success(`${changed.name} is now ${ROLE_LABEL[changed.role]}`);
      onChanged();
    },
    onError: (e) => setError(problemText(e, "The role could not be changed.")),
  });
  const remove = useMutation({
    mutationFn: () => apiFetch(url, ZRemovedMemberResponseSchema, { method: "DELETE" }),
    onSuccess: () => {
      toast.success(`${member.name} removed from the team`);
      setConfirming(false);
      onChanged();
    },
    onError: (e) => {
      setConfirming(false);
      setError(problemText(e, "The member could not be removed."));
    },
  });
  const signOut = useMutation({
    mutationFn: () => apiFetch(`${url}/sessions`, ZSignedOutMemberResponseSchema, { method: "DELETE" }),
    onSuccess: ({ signedOut }) => {
      setError(null);
      if (isMe) {
        window.location.assign("/login");
        return;
      }
      const n = signedOut.endedSessions;
      toast.success(
        n === 0
          ? `${member.name} was not signed in anywhere`
          : `${member.name} signed out on ${n} ${n === 1 ? "device" : "devices"}`,
      );
    },
    onError: (e) => setError(problemText(e, "The member could not be signed out.")),
  });
  const resetPassword = useMutation({
    mutationFn: () => apiFetch(`${url}/password-reset`, ZPasswordResetSentResponseSchema, { method: "POST" }),
    onSuccess: ({ passwordReset }) => {
      setError(null);
      toast.success(
        `Password reset link sent to ${passwordReset.email}. It works once, for 24 hours; their current password works until then.`,
      );
    },
    onError: (e) => setError(problemText(e, "The password reset link could not be sent.")),
  });
  // Signing out is not a change to the team: the last owner may be signed out too (they can sign in again).
  const maySignOut = myRole === "owner" || member.role !== "owner";
  const errorId = `member-error-${member.staffUserId}`;
  return (
    <tr className="border-b border-slate-200 align-top">
      <th scope="row" className="py-2 pr-3 font-medium text-slate-900">
        {member.name}
        {isMe && <span className="ml-1 font-normal text-slate-600">(you)</span>}
      </th>
      <td className="py-2 pr-3 text-slate-800">{member.email}</td>
      <td className="py-2 pr-3">
        {mayTouch ? (
          <select
            aria-label={`Role of ${member.name}`}
            value={member.role}
            disabled={change.isPending}
            onChange={(e) => change.mutate(e.target.value)}
            aria-describedby={error ? errorId : undefined}
            className="rounded border border-slate-400 bg-white px-2 py-1"
          >
            {roles.map((role) => (
              <option key={role} value={role}>
                {ROLE_LABEL[role]}
              </option>
            ))}
          </select>
        ) : (
          <>
            {ROLE_LABEL[member.role]}
            {lastOwner && (
              <span className="block text-xs text-slate-600">The only owner: make another owner first</span>
            )}
          </>
        )}
        {error && (
          <p id={errorId} role="alert" className="mt-1 max-w-xs text-sm text-red-700">
            {error}
          </p>
        )}
      </td>
      <td className="py-2 pr-3 whitespace-nowrap text-slate-800">{since}</td>
      <td className="py-2 pl-2">
        {/* The buttons wrap under each other on a narrow screen (a 1024 px tablet) instead of running off it. */}
        <div className="flex flex-wrap justify-end gap-2 whitespace-nowrap">
          {maySignOut && !confirming && (
            <button
              type="button"
              className="rounded border border-slate-500 px-3 py-1 text-slate-900 hover:bg-slate-100"
              aria-label={isMe ? "Sign yourself out everywhere" : `Sign ${member.name} out everywhere`}
              title="End every session on every device; they can sign in again"
              disabled={signOut.isPending}
              onClick={() => signOut.mutate()}
            >
              Sign out everywhere
            </button>
          )}
          {maySignOut && localPasswords && !confirming && (
            <button
              type="button"
              className="rounded border border-slate-500 px-3 py-1 text-slate-900 hover:bg-slate-100"
              aria-label={isMe ? "Reset your password" : `Reset password for ${member.name}`}
              title="Email a link to choose a new password (works once, for 24 hours)"
              disabled={resetPassword.isPending}
              onClick={() => resetPassword.mutate()}
            >
              Reset password
            </button>
          )}
          {mayTouch && !confirming && (
            <button
              type="button"
              className="rounded border border-red-700 px-3 py-1 text-red-800 hover:bg-red-50"
              aria-label={`Remove ${member.name}`}
              onClick={() => setConfirming(true)}
            >
              Remove
            </button>
          )}
          {confirming && (
            <span className="inline-flex items-center gap-2">
              <button
                type="button"
                className="rounded bg-red-700 px-3 py-1 font-semibold text-white hover:bg-red-800"
                disabled={remove.isPending}
                onClick={() => remove.mutate()}
              >
                Confirm remove {member.name}
              </button>
              <button
                type="button"
                className="rounded border border-slate-400 px-3 py-1"
                onClick={() => setConfirming(false)}
              >
                Keep
              </button>
            </span>
          )}
        </div>
      </td>
    </tr>
  );
}

function InviteRow({
  invite,
  url,
  mayManage,
  until,
  onChanged,
}: {
  invite: TTeamInvite;
  url: string;
  mayManage: boolean;
  until: string;
  onChanged: () => void;
}) {
  const [error, setError] = useState<string | null>(null);
  const resend = useMutation({
    mutationFn: () => apiFetch(`${url}/resend`, ZInviteResponseSchema, { method: "POST" }),
    onSuccess: () => {
      toast.success(`New invitation sent to ${invite.email}`);
      onChanged();
    },
    onError: (e) => setError(problemText(e, "The invitation could not be sent again.")),
  });
  const revoke = useMutation({
    mutationFn: () => apiFetch(url, z.object({ revoked: z.object({ id: z.string() }) }), { method: "DELETE" }),
    onSuccess: () => {
      toast.success(`Invitation to ${invite.email} withdrawn`);
      onChanged();
    },
    onError: (e) => setError(problemText(e, "The invitation could not be withdrawn.")),
  });
  return (
    <li className="flex flex-wrap items-center gap-x-4 gap-y-1 py-2 text-sm">
      <span className="font-medium text-slate-900">{invite.email}</span>
      <span className="text-slate-800">{ROLE_LABEL[invite.role]}</span>
      <span className={invite.expired ? "font-semibold text-red-800" : "text-slate-700"}>
        {invite.expired ? `Expired ${until}` : `Link works until ${until}`}
      </span>
      {invite.invitedBy && <span className="text-slate-700">invited by {invite.invitedBy}</span>}
      {mayManage && (
        <span className="ml-auto flex gap-2">
          <button
            type="button"
            className="rounded border border-slate-400 px-3 py-1 hover:bg-slate-100"
            disabled={resend.isPending}
            aria-label={`Resend invitation to ${invite.email}`}
            onClick={() => resend.mutate()}
          >
            Resend
          </button>
          <button
            type="button"
            className="rounded border border-red-700 px-3 py-1 text-red-800 hover:bg-red-50"
            disabled={revoke.isPending}
            aria-label={`Withdraw invitation to ${invite.email}`}
            onClick={() => revoke.mutate()}
          >
            Withdraw
          </button>
        </span>
      )}
      {error && (
        <p role="alert" className="w-full text-red-700">
          {error}
        </p>
      )}
    </li>
  );
}
