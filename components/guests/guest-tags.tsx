import { isAlertTag } from "@/server/guests/guest-schema";

/** How each known tag looks: a glyph and a fill, with the tag's word always beside (colour is never the only cue). */
const TAG_LOOK: Record<string, { icon: string; className: string }> = {
  vip: { icon: "★", className: "border-amber-700 bg-amber-100 text-amber-950" },
  allergy: { icon: "⚠", className: "border-red-700 bg-red-50 text-red-900" },
  accessibility: { icon: "♿", className: "border-blue-700 bg-blue-50 text-blue-900" },
  birthday: { icon: "◆", className: "border-pink-700 bg-pink-50 text-pink-900" },
  regular: { icon: "↻", className: "border-emerald-700 bg-emerald-50 text-emerald-900" },
};
const OTHER = { icon: "", className: "border-slate-400 bg-slate-50 text-slate-800" };

export function tagLook(tag: string) {
  return TAG_LOOK[tag.toLowerCase()] ?? OTHER;
}

/** A guest's tags as small chips (alert tags first). */
export function GuestTagChips({ tags, size = "sm" }: { tags: readonly string[]; size?: "sm" | "xs" }) {
  if (tags.length === 0) return null;
  const ordered = [...tags].sort((a, b) => Number(isAlertTag(b)) - Number(isAlertTag(a)));
  return (
    <ul className="flex flex-wrap gap-1" aria-label="Guest tags">
      {ordered.map((tag) => {
        const look = tagLook(tag);
        return (
          <li
            key={tag}
            className={`inline-flex items-center gap-0.5 rounded border px-1.5 font-medium whitespace-nowrap ${
              size === "xs" ? "text-[11px] leading-4" : "py-0.5 text-xs"
            } ${look.className}`}
          >
            {look.icon && <span aria-hidden="true">{look.icon}</span>}
            {tag}
          </li>
        );
      })}
    </ul>
  );
}

/**
 * The timeline block's compact mark: the glyphs of the guest's alert tags (VIP ★, allergy ⚠, accessibility ♿), or
 * ✎ when there are only notes. Text for screen readers is in the block's accessible name (guestMarkWords).
 */
export function guestMarkGlyphs(guest: { tags: readonly string[]; notes: string | null } | undefined): string {
  if (!guest) return "";
  const glyphs = guest.tags.filter(isAlertTag).map((t) => tagLook(t).icon);
  if (glyphs.length === 0 && guest.notes) return "✎";
  return glyphs.join("");
}

/** The block's or tray chip's mark: the guest's, plus ✎ when the booking itself carries a note (allergy, occasion). */
export function bookingMarkGlyphs(
  guest: { tags: readonly string[]; notes: string | null } | undefined,
  note: string | undefined,
): string {
  const glyphs = guestMarkGlyphs(guest);
  return note && !glyphs.includes("✎") ? `${glyphs}✎` : glyphs;
}

/** Words for the block's accessible name and tooltip: "VIP, Allergy; note: Severe nut allergy". */
export function guestMarkWords(guest: { tags: readonly string[]; notes: string | null } | undefined): string | null {
  if (!guest) return null;
  const parts: string[] = [];
  if (guest.tags.length > 0) parts.push(guest.tags.join(", "));
  if (guest.notes) parts.push(`note: ${guest.notes}`);
  return parts.length > 0 ? parts.join("; ") : null;
}
