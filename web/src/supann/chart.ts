// The organisation chart's address (also the id of its menu entry, `supann/chart`).

/** The page's path; `q` (a search) is kept in the address so a view can be shared. */
export const CHART_PATH = '/supann/chart';
