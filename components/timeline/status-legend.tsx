import { HOLD_LOOK, STATUS_LOOK } from "../ui/booking-status";

/**
 * The status key: each fill with its icon and words (colour never alone). Shown when its container (the tray's
 * header) has room for it, whatever the window: the booking drawer takes part of the width.
 */
export function StatusLegend() {
  const items = [
    STATUS_LOOK.confirmed,
    STATUS_LOOK.checked_in,
    STATUS_LOOK.completed,
    STATUS_LOOK.manual_review,
    STATUS_LOOK.no_show,
    HOLD_LOOK,
  ];
  return (
    <ul aria-label="Status key" className="m-0 ml-auto hidden list-none items-center gap-3 p-0 @min-[44rem]:flex">
      {items.map((look) => (
        <li key={look.label} className="flex items-center gap-1 text-[12px] whitespace-nowrap text-slate-800">
          <span
            aria-hidden="true"
            className={`inline-block h-3.5 w-5 rounded-sm ${look.className.replace(/text-\S+|line-through/g, "")}`}
          />
          <span aria-hidden="true" className="font-bold">
            {look.icon}
          </span>
          {look.label}
        </li>
      ))}
    </ul>
  );
}
