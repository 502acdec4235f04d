export { KnowledgePage } from "./components/KnowledgePage";
export { ItemPipelinePage } from "./components/ItemPipelinePage";
