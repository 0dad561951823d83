import { format, isSameDay, isToday, isYesterday } from "date-fns";

export function dayLabel(iso: string): string {
  const d = new Date(iso);
  if (isToday(d)) return "Today";
  if (isYesterday(d)) return "Yesterday";
  return format(d, "EEEE, d MMMM yyyy");
}

export function startsNewDay(iso: string, previousIso: string | undefined): boolean {
  return previousIso === undefined || !isSameDay(new Date(iso), new Date(previousIso));
}

export function DaySeparator({ iso }: { iso: string }) {
  return (
    <div className="flex justify-center py-2">
      <span className="rounded-lg bg-white/90 px-3 py-1 text-xs text-zinc-600 uppercase shadow-sm dark:bg-bubble-in-dark dark:text-zinc-300">
        {dayLabel(iso)}
      </span>
    </div>
  );
}

export function UnreadSeparator({ count }: { count: number }) {
  const text = `${count} unread message${count === 1 ? "" : "s"}`;
  return (
    <div
      className="my-2 bg-white/60 py-1 text-center text-sm text-zinc-700 dark:bg-white/5 dark:text-zinc-200"
      data-testid="unread-separator"
    >
      {text}
    </div>
  );
}
