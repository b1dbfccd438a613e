/** GitHub rejects comments over 65,536 characters; the review stays well below. */
export const MAX_REVIEW_CHARS = 60_000;

/**
 * Cut a review at a line boundary so it fits `maxChars`, with a note saying so. The summary and the
 * blocking list come first in a review, so what is cut is detail.
 */
export function trimReview(markdown: string, maxChars: number = MAX_REVIEW_CHARS): string {
  if (markdown.length <= maxChars) return markdown;
  const [limit, length] = [maxChars.toLocaleString("en-US"), markdown.length.toLocaleString("en-US")];
  const note =
    `\n\n> ✂️ Review trimmed at ${limit} characters (full length ${length}); ` +
    "the complete review is in the job log.\n";
  const budget = Math.max(0, maxChars - note.length);
  const lineEnd = markdown.lastIndexOf("\n", budget);
  return `${markdown.slice(0, lineEnd > 0 ? lineEnd : budget)}${note}`;
}
