const PALETTE = ["bg-emerald-700", "bg-sky-700", "bg-violet-700", "bg-amber-700", "bg-rose-700", "bg-teal-700"];

function colorFor(seed: string) {
  let hash = 0;
  for (const ch of seed) hash = (hash * 31 + ch.charCodeAt(0)) | 0;
  return PALETTE[Math.abs(hash) % PALETTE.length];
}

/** Initials on a stable color; the image when there is one (decorative: the name is next to it). */
export function Avatar({ name, url, size = 40 }: { name: string; url?: string | null; size?: number }) {
  const initials = name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]?.toUpperCase())
    .join("");
  const style = { width: size, height: size, fontSize: size * 0.4 };
  if (url) return <img src={url} alt="" style={style} className="shrink-0 rounded-full object-cover" />;
  return (
    <span
      aria-hidden="true"
      style={style}
      className={`flex shrink-0 select-none items-center justify-center rounded-full font-semibold text-white ${colorFor(name)}`}
    >
      {initials || "?"}
    </span>
  );
}
