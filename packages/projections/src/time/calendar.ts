import type { SyncPolicy } from '@depledger/core';

type Duration = SyncPolicy['fullSyncInterval'];

/** `start` plus a duration (years, months, weeks, days, hours, minutes, seconds), calendar-aware in UTC. */
export const addDuration = (start: string | Date, duration: Duration): Date => {
  const d = new Date(start);
  if (duration.years) d.setUTCFullYear(d.getUTCFullYear() + duration.years);
  if (duration.months) d.setUTCMonth(d.getUTCMonth() + duration.months);
  if (duration.weeks || duration.days) d.setUTCDate(d.getUTCDate() + (duration.weeks ?? 0) * 7 + (duration.days ?? 0));
  const ms = ((duration.hours ?? 0) * 3600 + (duration.minutes ?? 0) * 60 + (duration.seconds ?? 0)) * 1000;
  return new Date(d.getTime() + ms);
};

const utcDay = (date: Date): number => Math.floor(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()) / 86_400_000);

/** Calendar days (UTC) from `now` to `later`: 0 on the same day, negative once past. */
export const calendarDaysUntil = (later: string | Date, now: Date): number => utcDay(new Date(later)) - utcDay(now);
