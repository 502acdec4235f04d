export { SourcesPage } from "./components/SourcesPage";
