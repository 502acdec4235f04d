export { LoginPage } from "./components/LoginPage";
export { RequireAuth } from "./components/RequireAuth";
export { SetupPage } from "./components/SetupPage";
export { UserMenu } from "./components/UserMenu";
export { loginPath } from "./hooks/useNextPath";
