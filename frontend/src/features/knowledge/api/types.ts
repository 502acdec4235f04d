import type { components } from "@/lib/api/client";

export type Item = components["schemas"]["KnowledgeItemRead"];
export type ItemMedia = components["schemas"]["ItemMediaRead"];
export type ItemUpdate = components["schemas"]["KnowledgeItemUpdate"];
export type ItemPage = components["schemas"]["KnowledgeItemPage"];
export type CategoryTree = components["schemas"]["CategoryTree"];
export type SearchResult = components["schemas"]["SearchResult"];
export type SearchMode = components["schemas"]["SearchMode"];
export type SearchFilters = components["schemas"]["SearchFilters"];
export type ItemVersion = components["schemas"]["ItemVersionRead"];
export type Synthesis = components["schemas"]["SynthesisRead"];
export type CategoryChange = components["schemas"]["CategoryChange"];

/** What the list shows: a category (main, optionally sub) and/or a tag. */
export interface ListFilter {
  main?: string | undefined;
  sub?: string | undefined;
  tag?: string | undefined;
}
