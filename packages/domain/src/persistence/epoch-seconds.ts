/** A stored timestamp as the API and the models show it: Unix epoch seconds (null stays null). */
export function epochSeconds(date: Date | null): number | null {
  return date ? date.getTime() / 1000 : null;
}
