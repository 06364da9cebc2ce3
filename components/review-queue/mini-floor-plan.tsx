import type { TTimelineTable } from "@/server/availability/ops-availability-schema";

const PAD_M = 0.5;

/**
 * A suggestion drawn small: the zone(s) its tables stand in, every table of those zones at its seeded position, the
 * suggested ones filled blue with a thick dark outline and their name (colour, outline AND label: never colour
 * alone). Decorative beside the plan's words, but labelled for screen readers all the same.
 */
export function MiniFloorPlan({
  tables,
  highlight,
  className = "",
}: {
  tables: readonly TTimelineTable[];
  highlight: readonly string[];
  className?: string;
}) {
  const chosen = new Set(highlight);
  const zones = new Set(tables.filter((t) => chosen.has(t.id)).map((t) => t.zone.id));
  const shown = tables.filter((t) => zones.has(t.zone.id));
  const names = tables.filter((t) => chosen.has(t.id)).map((t) => t.name);
  const label = `Floor plan of ${[...new Set(shown.map((t) => t.zone.name))].join(" and ") || "the room"}: ${
    names.join(" + ") || "no tables"
  } highlighted`;
  if (shown.length === 0) {
    return (
      <div
        role="img"
        aria-label={label}
        className={`grid place-items-center rounded border border-dashed border-slate-300 bg-slate-50 text-xs text-slate-600 ${className}`}
      >
        No plan to draw
      </div>
    );
  }
  const minX = Math.min(...shown.map((t) => t.layout.x)) - PAD_M;
  const minY = Math.min(...shown.map((t) => t.layout.y)) - PAD_M;
  const maxX = Math.max(...shown.map((t) => t.layout.x + t.layout.width)) + PAD_M;
  const maxY = Math.max(...shown.map((t) => t.layout.y + t.layout.height)) + PAD_M;
  const width = Math.max(maxX - minX, 3);
  const height = Math.max(maxY - minY, 2);
  const fontSize = Math.min(0.55, Math.max(width, height) / 14);

  return (
    <svg
      role="img"
      aria-label={label}
      viewBox={`${minX} ${minY} ${width} ${height}`}
      preserveAspectRatio="xMidYMid meet"
      className={`rounded border border-slate-300 bg-slate-50 ${className}`}
    >
      {shown.map((t) => {
        const on = chosen.has(t.id);
        const { x, y, width: w, height: h, rotation, shape } = t.layout;
        const cx = x + w / 2;
        const cy = y + h / 2;
        const common = {
          fill: on ? "#2f5fd0" : t.active ? "#ffffff" : "#e4e4e7",
          stroke: on ? "#0b1f4d" : "#64748b",
          strokeWidth: on ? 0.16 : 0.05,
          strokeDasharray: t.active ? undefined : "0.15 0.1",
        };
        return (
          <g key={t.id} transform={rotation ? `rotate(${rotation} ${cx} ${cy})` : undefined}>
            {shape === "round" ? (
              <ellipse cx={cx} cy={cy} rx={w / 2} ry={h / 2} {...common} />
            ) : (
              <rect x={x} y={y} width={w} height={h} rx={0.08} {...common} />
            )}
            <text
              x={cx}
              y={cy}
              textAnchor="middle"
              dominantBaseline="central"
              fontSize={on ? fontSize : fontSize * 0.8}
              fontWeight={on ? 700 : 400}
              fill={on ? "#ffffff" : "#475569"}
            >
              {t.name}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
