/** The drawer's button looks (Tailwind), with a visible keyboard focus ring and AA contrast. */
const BASE =
  "inline-flex items-center justify-center gap-1 rounded px-3 py-1.5 text-sm font-medium whitespace-nowrap focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-700 disabled:cursor-not-allowed disabled:opacity-60";

export const BUTTON = `${BASE} border border-slate-400 bg-white text-slate-900 hover:bg-slate-100`;
export const BUTTON_PRIMARY = `${BASE} border border-blue-800 bg-blue-700 text-white hover:bg-blue-800`;
export const BUTTON_DANGER = `${BASE} border border-red-800 bg-red-700 text-white hover:bg-red-800`;
export const BUTTON_SMALL =
  "inline-flex items-center rounded border border-slate-400 bg-white px-2 py-0.5 text-xs font-medium text-slate-900 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-blue-700 disabled:cursor-not-allowed disabled:opacity-60";
export const FIELD =
  "rounded border border-slate-400 bg-white px-2 py-1 text-sm focus-visible:outline-2 focus-visible:outline-blue-700 disabled:bg-slate-100";
export const CHECKBOX = "size-4 shrink-0 p-0 accent-blue-700 focus-visible:outline-2 focus-visible:outline-blue-700";
