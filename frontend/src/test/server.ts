/** The MSW server for component tests; each feature adds its handlers in its tests. */
import { setupServer } from "msw/node";
import { authHandlers } from "./handlers";

export const server = setupServer(...authHandlers());
