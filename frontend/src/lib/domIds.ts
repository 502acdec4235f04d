/** Element ids more than one part of the app refers to (a shortcut focuses the search box). */
export const SEARCH_INPUT_ID = "kb-search";
