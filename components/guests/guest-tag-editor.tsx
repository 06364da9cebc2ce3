"use client";

import { useId, useState } from "react";
import { canonicalTag, MAX_GUEST_TAG_LENGTH, SUGGESTED_GUEST_TAGS } from "@/server/guests/guest-schema";
import { CHECKBOX, FIELD } from "../booking/styles";
import { tagLook } from "./guest-tags";

/**
 * Tags as a host sets them: the suggested ones as large checkboxes (one tap), any other as free text added with
 * Enter or "Add tag", each removable.
 */
export function GuestTagEditor({
  tags,
  onChange,
  disabled,
}: {
  tags: readonly string[];
  onChange: (tags: string[]) => void;
  disabled?: boolean;
}) {
  const [draft, setDraft] = useState("");
  const fieldId = useId();
  const has = (tag: string) => tags.some((t) => t.toLowerCase() === tag.toLowerCase());
  const toggle = (tag: string) =>
    onChange(has(tag) ? tags.filter((t) => t.toLowerCase() !== tag.toLowerCase()) : [...tags, tag]);
  const others = tags.filter((t) => !SUGGESTED_GUEST_TAGS.some((s) => s.toLowerCase() === t.toLowerCase()));
  const add = () => {
    const tag = canonicalTag(draft);
    if (!tag) return;
    if (!has(tag)) onChange([...tags, tag]);
    setDraft("");
  };
  return (
    <fieldset disabled={disabled} className="min-w-0">
      <legend className="text-sm font-semibold text-slate-900">Tags</legend>
      <div className="mt-1 flex flex-wrap gap-1.5">
        {SUGGESTED_GUEST_TAGS.map((tag) => {
          const look = tagLook(tag);
          const on = has(tag);
          return (
            <label
              key={tag}
              className={`inline-flex min-h-9 cursor-pointer items-center gap-1.5 rounded border px-2 text-sm font-medium ${
                on ? look.className : "border-slate-400 bg-white text-slate-800"
              }`}
            >
              <input type="checkbox" className={CHECKBOX} checked={on} onChange={() => toggle(tag)} />
              <span aria-hidden="true">{look.icon}</span>
              {tag}
            </label>
          );
        })}
      </div>
      {others.length > 0 && (
        <ul className="mt-2 flex flex-wrap gap-1.5" aria-label="Other tags">
          {others.map((tag) => (
            <li
              key={tag}
              className="inline-flex items-center gap-1 rounded border border-slate-400 bg-slate-50 pl-2 text-sm"
            >
              {tag}
              <button
                type="button"
                onClick={() => toggle(tag)}
                aria-label={`Remove tag ${tag}`}
                className="rounded px-1.5 py-0.5 text-slate-700 hover:bg-slate-200 focus-visible:outline-2 focus-visible:outline-blue-700"
              >
                <span aria-hidden="true">×</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="mt-2 flex gap-2">
        <label htmlFor={fieldId} className="sr-only">
          Other tag
        </label>
        <input
          id={fieldId}
          value={draft}
          maxLength={MAX_GUEST_TAG_LENGTH}
          placeholder="Other tag, e.g. Window seat"
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter") {
              e.preventDefault();
              add();
            }
          }}
          className={`${FIELD} min-w-0 flex-1`}
        />
        <button
          type="button"
          onClick={add}
          disabled={!draft.trim()}
          className="rounded border border-slate-400 bg-white px-3 py-1 text-sm font-medium hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-blue-700 disabled:opacity-60"
        >
          Add tag
        </button>
      </div>
    </fieldset>
  );
}
