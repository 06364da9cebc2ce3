"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useId, useState } from "react";
import { toast } from "sonner";
import { useOpsLocation } from "@/components/ops/use-ops-location";
import { ApiProblem, apiFetch } from "@/components/ui/api-fetch";
import { LoadError, LoadSkeleton } from "@/components/ui/load-error";
import {
  API_KEY_SCOPES,
  type TApiKeyItem,
  type TCreatedApiKeyResponse,
  ZApiKeyListResponseSchema,
  ZCreatedApiKeyResponseSchema,
  ZRevokedApiKeyResponseSchema,
} from "@/server/auth/api-key-schema";
import { STAFF_ROLE_RANK } from "@/server/auth/staff-session-types";

const SCOPE_TEXT: Record<(typeof API_KEY_SCOPES)[number], string> = {
  "bookings:read": "Read bookings",
  "bookings:write": "Create and cancel bookings",
  "availability:read": "Read availability",
};

const dateTime = (iso: string | null, timeZone: string) =>
  iso
    ? new Intl.DateTimeFormat("en-GB", { timeZone, dateStyle: "medium", timeStyle: "short" }).format(new Date(iso))
    : "—";

/** API keys (manager+): the list, a form to create one (shown once, with Copy), and revoke with confirmation. */
export function ApiKeysView() {
  const { restaurant } = useOpsLocation();
  if (STAFF_ROLE_RANK[restaurant.role] < STAFF_ROLE_RANK.manager) {
    return (
      <div className="p-6">
        <h1 className="text-2xl font-bold">API keys</h1>
        <p className="mt-2 text-slate-700">API keys are managed by a manager or owner of {restaurant.name}.</p>
      </div>
    );
  }
  return <ApiKeysManager restaurantId={restaurant.restaurantId} timeZone={restaurant.timezone} />;
}

function ApiKeysManager({ restaurantId, timeZone }: { restaurantId: string; timeZone: string }) {
  const url = `/api/ops/restaurants/${restaurantId}/api-keys`;
  const queryClient = useQueryClient();
  const keys = useQuery({
    queryKey: ["setup", "api-keys", restaurantId],
    queryFn: () => apiFetch(url, ZApiKeyListResponseSchema),
  });
  const [created, setCreated] = useState<TCreatedApiKeyResponse | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ["setup", "api-keys", restaurantId] });

  return (
    <div className="mx-auto w-full max-w-5xl p-6">
      <h1 className="text-2xl font-bold text-slate-900">API keys</h1>
      <p className="mt-1 text-slate-700">
        Booking clients (your website, a booking partner) call Maitre with a key. Give each client its own key, so you
        can revoke one without stopping the others.
      </p>
      <CreateKeyForm
        url={url}
        onCreated={(key) => {
          setCreated(key);
          // Shown at once (without the key itself), then confirmed by a fresh read.
          const { key: _secret, ...item } = key;
          queryClient.setQueryData(
            ["setup", "api-keys", restaurantId],
            (old: { items: TApiKeyItem[] } | undefined) => ({
              items: [
                { ...item, lastUsedAt: null, revokedAt: null },
                ...(old?.items ?? []).filter((i) => i.id !== key.id),
              ],
            }),
          );
          void refresh();
        }}
      />
      {created && <NewKeyPanel created={created} onDone={() => setCreated(null)} />}
      <section aria-labelledby="keys-heading" className="mt-8">
        <h2 id="keys-heading" className="text-lg font-semibold text-slate-900">
          Keys
        </h2>
        {keys.isPending && <LoadSkeleton label="Loading the API keys" rows={3} className="mt-2" />}
        {keys.error && (
          <LoadError what="The API keys" error={keys.error} onRetry={() => keys.refetch()} className="mt-2" />
        )}
        {keys.data && keys.data.items.length === 0 && <p className="mt-2 text-slate-600">No keys yet.</p>}
        {keys.data && keys.data.items.length > 0 && (
          <div className="mt-2 overflow-x-auto">
            <table className="w-full border-collapse text-left text-sm">
              <thead>
                <tr className="border-b border-slate-300 text-slate-700">
                  <th scope="col" className="py-2 pr-3 font-semibold">
                    Name
                  </th>
                  <th scope="col" className="py-2 pr-3 font-semibold">
                    Prefix
                  </th>
                  <th scope="col" className="py-2 pr-3 font-semibold">
                    Scopes
                  </th>
                  <th scope="col" className="py-2 pr-3 font-semibold">
                    Created
                  </th>
                  <th scope="col" className="py-2 pr-3 font-semibold">
                    Last used
                  </th>
                  <th scope="col" className="py-2 pr-3 font-semibold">
                    Status
                  </th>
                  <th scope="col" className="py-2 font-semibold">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {keys.data.items.map((key) => (
                  <KeyRow key={key.id} item={key} url={url} timeZone={timeZone} onRevoked={() => void refresh()} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}

function CreateKeyForm({ url, onCreated }: { url: string; onCreated: (key: TCreatedApiKeyResponse) => void }) {
  const id = useId();
  const [error, setError] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: (body: { name: string; scopes: string[] }) =>
      apiFetch(url, ZCreatedApiKeyResponseSchema, { method: "POST", body }),
  });
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const scopes = form.getAll("scopes").map(String);
    if (scopes.length === 0) {
      setError("Choose at least one scope.");
      return;
    }
    setError(null);
    create.mutate(
      { name: String(form.get("name") ?? ""), scopes },
      {
        onSuccess: (key) => {
          formElement.reset();
          onCreated(key);
        },
        onError: (e) => setError(e instanceof ApiProblem ? e.hint : "The key could not be created."),
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
        Create a key
      </h2>
      <div className="mt-3 flex flex-wrap items-end gap-6">
        <div className="flex flex-col gap-1 text-sm font-medium text-slate-800">
          <label htmlFor={`${id}-name`}>Name</label>
          <input
            id={`${id}-name`}
            name="name"
            required
            maxLength={100}
            placeholder="Website widget"
            className="w-64 rounded border border-slate-400 px-3 py-2 text-base"
            aria-describedby={error ? `${id}-error` : undefined}
          />
        </div>
        <fieldset className="flex flex-wrap gap-4 text-sm">
          <legend className="mb-1 font-medium text-slate-800">Scopes</legend>
          {API_KEY_SCOPES.map((scope) => (
            <label key={scope} className="flex items-center gap-2">
              <input type="checkbox" name="scopes" value={scope} defaultChecked className="size-4" />
              {SCOPE_TEXT[scope]} <code className="text-xs text-slate-600">{scope}</code>
            </label>
          ))}
        </fieldset>
        <button
          type="submit"
          disabled={create.isPending}
          className="rounded bg-blue-700 px-4 py-2 font-semibold text-white hover:bg-blue-800 disabled:opacity-60"
        >
          Create key
        </button>
      </div>
      {error && (
        <p id={`${id}-error`} role="alert" className="mt-2 text-sm text-red-700">
          {error}
        </p>
      )}
    </form>
  );
}

function NewKeyPanel({ created, onDone }: { created: TCreatedApiKeyResponse; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  return (
    <section aria-labelledby="new-key-heading" className="mt-4 rounded-lg border-2 border-amber-500 bg-amber-50 p-4">
      <h2 id="new-key-heading" className="text-lg font-semibold text-slate-900">
        New key “{created.name}”
      </h2>
      <p className="mt-1 font-medium text-amber-900">
        Copy this key now: you will not see it again. Maitre keeps only a fingerprint of it.
      </p>
      <div className="mt-3 flex flex-wrap items-center gap-3">
        <div className="flex grow flex-col gap-1 text-sm font-medium text-slate-800">
          <label htmlFor="new-api-key">API key</label>
          <input
            id="new-api-key"
            readOnly
            value={created.key}
            onFocus={(e) => e.currentTarget.select()}
            className="w-full rounded border border-slate-400 bg-white px-3 py-2 font-mono text-sm"
          />
        </div>
        <button
          type="button"
          className="self-end rounded bg-blue-700 px-4 py-2 font-semibold text-white hover:bg-blue-800"
          onClick={() => {
            void navigator.clipboard?.writeText(created.key).then(
              () => {
                setCopied(true);
                toast.success("Key copied");
              },
              () => toast.error("Copy failed: select the key and copy it by hand"),
            );
          }}
        >
          {copied ? "Copied" : "Copy"}
        </button>
        <button
          type="button"
          className="self-end rounded border border-slate-400 bg-white px-4 py-2 hover:bg-slate-100"
          onClick={onDone}
        >
          I have saved it
        </button>
      </div>
    </section>
  );
}

function KeyRow({
  item,
  url,
  timeZone,
  onRevoked,
}: {
  item: TApiKeyItem;
  url: string;
  timeZone: string;
  onRevoked: () => void;
}) {
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const revoke = useMutation({
    mutationFn: () => apiFetch(`${url}/${item.id}`, ZRevokedApiKeyResponseSchema, { method: "DELETE" }),
    onSuccess: () => {
      toast.success(`Key “${item.name}” revoked`);
      setConfirming(false);
      onRevoked();
    },
    onError: (e) => setError(e instanceof ApiProblem ? e.hint : "The key could not be revoked."),
  });
  return (
    <tr className={`border-b border-slate-200 align-top ${item.revokedAt ? "text-slate-500" : "text-slate-900"}`}>
      <th scope="row" className="py-2 pr-3 font-medium">
        {item.name}
      </th>
      <td className="py-2 pr-3 font-mono text-xs">{item.prefix}</td>
      <td className="py-2 pr-3">{item.scopes.join(", ")}</td>
      <td className="py-2 pr-3 whitespace-nowrap">{dateTime(item.createdAt, timeZone)}</td>
      <td className="py-2 pr-3 whitespace-nowrap">{item.lastUsedAt ? dateTime(item.lastUsedAt, timeZone) : "Never"}</td>
      <td className="py-2 pr-3 whitespace-nowrap">
        {item.revokedAt ? `Revoked ${dateTime(item.revokedAt, timeZone)}` : "Active"}
      </td>
      <td className="py-2 text-right whitespace-nowrap">
        {!item.revokedAt && !confirming && (
          <button
            type="button"
            className="rounded border border-red-700 px-3 py-1 text-red-800 hover:bg-red-50"
            aria-label={`Revoke ${item.name}`}
            onClick={() => setConfirming(true)}
          >
            Revoke
          </button>
        )}
        {!item.revokedAt && confirming && (
          <span className="inline-flex flex-wrap items-center justify-end gap-2">
            <span className="text-sm text-slate-800">Clients using it stop working at once.</span>
            <button
              type="button"
              className="rounded bg-red-700 px-3 py-1 font-semibold text-white hover:bg-red-800"
              disabled={revoke.isPending}
              onClick={() => revoke.mutate()}
            >
              Confirm revoke
            </button>
            <button
              type="button"
              className="rounded border border-slate-400 px-3 py-1 hover:bg-slate-100"
              onClick={() => setConfirming(false)}
            >
              Keep
            </button>
          </span>
        )}
        {error && (
          <p role="alert" className="mt-1 text-sm text-red-700">
            {error}
          </p>
        )}
      </td>
    </tr>
  );
}
