// A success notice that survives the navigation of a save (a created or moved object opens at its new path).

let pending: string | null = null;

export function setFlashNotice(text: string): void {
  pending = text;
}

/** The notice left for the next editor, if any (read on mount, cleared by clearFlashNotice in an effect). */
export function peekFlashNotice(): string | null {
  return pending;
}

export function clearFlashNotice(): void {
  pending = null;
}
