// pages/_upload.js - sending a file (.xlsx, .csv, a report's .docx or .txt) as the
// body of a POST, as the sheet and extract routes take it (POST /api/sheet/import,
// /api/sheet/catalog, /api/extract):
// the Content-Type from the file's name, the CSRF token, and the answer as JSON,
// an answer with conflicts (409) included so the page can show the cells.
// Not for: JSON requests (api.js) or reading the file (the server does).
import { ApiError, apiError } from '../api.js';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** POSTs file to path; resolves to {status, data} when the answer is OK or lists conflicts, else throws. */
async function send(path, file, csrf) {
  const type = /\.csv$/i.test(file.name) ? 'text/csv' : /\.xlsx$/i.test(file.name) ? XLSX_TYPE
    : /\.txt$/i.test(file.name) ? 'text/plain' : 'application/octet-stream';
  let res;
  try {
    res = await fetch(path, { method: 'POST', credentials: 'same-origin', body: file,
      headers: { 'Content-Type': type, Accept: 'application/json', 'X-CSRF-Token': csrf || '' } });
  } catch (e) {
    throw new ApiError(0, 'network', 'không kết nối được máy chủ: ' + e.message);
  }
  let data = {};
  try { data = JSON.parse(await res.text()); } catch { /* not JSON */ }
  if (res.ok || Array.isArray(data.conflicts)) return { status: res.status, data };
  throw apiError(res.status, data);
}

/** POSTs file to path; resolves to {status, ...answer} when the answer is OK or lists conflicts, else throws. */
export async function postFile(path, file, csrf) {
  const { status, data } = await send(path, file, csrf);
  return { status, ...data };
}

/** POSTs file to path; resolves to the answer's JSON as it is (an array stays one), else throws as postFile. */
export async function postFileJson(path, file, csrf) {
  return (await send(path, file, csrf)).data;
}
