import { RouterProvider } from "react-router";
import { createQueryClient } from "@/lib/queryClient";
import { AppProviders } from "./providers";
import { createAppRouter, prefetchOpenedPage } from "./router";

const queryClient = createQueryClient();
const router = createAppRouter();
prefetchOpenedPage(queryClient);

export function App() {
  return (
    <AppProviders client={queryClient}>
      <RouterProvider router={router} />
    </AppProviders>
  );
}
