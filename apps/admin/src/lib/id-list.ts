/** The ids in text typed as a list: separated by commas, spaces or new lines; duplicates dropped. */
export function parseIdList(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).filter((id) => id !== ''))];
}
