/**
 * Hands a file the API answered (an export) to the browser to save. The API wants the session's
 * bearer token, so a plain link to the route would not do: the file is fetched, then saved from
 * memory under `name`.
 */
export const saveFile = (file: Blob, name: string): void => {
  const url = URL.createObjectURL(file);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  // The download has taken the file by the next task; the memory can go then.
  setTimeout(() => URL.revokeObjectURL(url), 0);
};
