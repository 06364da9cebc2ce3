"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import { Toaster } from "sonner";
import { ApiProblem } from "./api-fetch";

/** One QueryClient per browser tab; refusals are not retried (the user acts on them), network hiccups once. */
export function QueryProvider({ children }: { children: ReactNode }) {
  const [client] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          queries: {
            // The live stream invalidates on change; this only stops a remount from refetching the same second.
            staleTime: 5_000,
            refetchOnWindowFocus: true,
            retry: (failures, error) =>
              failures < 2 && !(error instanceof ApiProblem && error.status >= 400 && error.status < 500),
          },
          mutations: { retry: false },
        },
      }),
  );
  return (
    <QueryClientProvider client={client}>
      {children}
      <Toaster position="bottom-center" richColors closeButton />
    </QueryClientProvider>
  );
}
