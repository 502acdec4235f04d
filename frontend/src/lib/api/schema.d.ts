// Generated from the backend's OpenAPI document by scripts/gen-api.mjs: do not edit.
// Regenerate with `npm run gen:api` (make test fails when this file is stale).

export interface paths {
    "/api/v1/agent/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** History */
        get: operations["history_api_v1_agent_history_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/agent/items/{item_id}/pipeline": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Item Pipeline View
         * @description One content item through the pipeline: each per-item phase with its state, attempts,
         *     model, error and what it produced, and the model calls made for the item.
         */
        get: operations["item_pipeline_view_api_v1_agent_items__item_id__pipeline_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/agent/items/{item_id}/pipeline/{phase}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Retry Item Phase
         * @description Redo one phase of one item (and the item's phases after it) in a new run.
         */
        post: operations["retry_item_phase_api_v1_agent_items__item_id__pipeline__phase__retry_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/agent/pause/{task_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Pause */
        post: operations["pause_api_v1_agent_pause__task_id__post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/agent/reembed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Reembed
         * @description Embed every item again with the configured model (an `embeddings_only` run).
         *
         *     Any run that embeds does this by itself after the embedding model or dimension changed;
         *     until it has, vector search answers 503 and hybrid search uses full text only.
         */
        post: operations["reembed_api_v1_agent_reembed_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/agent/resume/{task_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Resume */
        post: operations["resume_api_v1_agent_resume__task_id__post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/agent/retry-failed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Retry Failed
         * @description Forget the failures of earlier runs and start a run that tries those items again.
         */
        post: operations["retry_failed_api_v1_agent_retry_failed_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/agent/schedules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List Schedules */
        get: operations["list_schedules_api_v1_agent_schedules_get"];
        put?: never;
        /** Create Schedule */
        post: operations["create_schedule_api_v1_agent_schedules_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/agent/schedules/{schedule_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get Schedule */
        get: operations["get_schedule_api_v1_agent_schedules__schedule_id__get"];
        /** Update Schedule */
        put: operations["update_schedule_api_v1_agent_schedules__schedule_id__put"];
        post?: never;
        /** Delete Schedule */
        delete: operations["delete_schedule_api_v1_agent_schedules__schedule_id__delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/agent/schedules/{schedule_id}/run": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Run Now */
        post: operations["run_now_api_v1_agent_schedules__schedule_id__run_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/agent/schedules/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Preview Cron
         * @description A cron expression in words and its next five firing times, for the schedule form.
         */
        get: operations["preview_cron_api_v1_agent_schedules_preview_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/agent/start": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start
         * @description Start a run; 409 while another run is active.
         */
        post: operations["start_api_v1_agent_start_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/agent/status/{task_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Run Status */
        get: operations["run_status_api_v1_agent_status__task_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/agent/status/{task_id}/failed-items": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Run Failed Items
         * @description The items that failed in this run, newest first: each with its phase, reason and
         *     attempts (open one's pipeline with `/items/{item_id}/pipeline`).
         */
        get: operations["run_failed_items_api_v1_agent_status__task_id__failed_items_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/agent/stop/{task_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Stop */
        post: operations["stop_api_v1_agent_stop__task_id__post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/ai/usage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Usage
         * @description Tokens, latency and cost summed per run and phase.
         */
        get: operations["usage_api_v1_ai_usage_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Keys
         * @description Your API keys (never their secrets).
         */
        get: operations["list_keys_api_v1_auth_keys_get"];
        put?: never;
        /**
         * Create Key
         * @description A new key with at most your role; its secret is in this answer only.
         */
        post: operations["create_key_api_v1_auth_keys_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/keys/{key_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Revoke Key
         * @description Revoke one of your keys (admins: any key).
         */
        delete: operations["revoke_key_api_v1_auth_keys__key_id__delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Login */
        post: operations["login_api_v1_auth_login_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Logout */
        post: operations["logout_api_v1_auth_logout_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Me */
        get: operations["me_api_v1_auth_me_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Change Password
         * @description Other sessions of the account end; this one goes on.
         */
        post: operations["change_password_api_v1_auth_password_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Refresh
         * @description A new access token and the next refresh token (the one sent is used up).
         */
        post: operations["refresh_api_v1_auth_refresh_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/setup": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Setup
         * @description Create the first admin with the one-time token `kbagent serve` printed (exists only
         *     while there is no user).
         */
        post: operations["setup_api_v1_auth_setup_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Auth Status */
        get: operations["auth_status_api_v1_auth_status_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/chat/messages/{message_id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel
         * @description Stop an answer being streamed; it is stored as cancelled with what was said so far.
         */
        post: operations["cancel_api_v1_chat_messages__message_id__cancel_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/chat/messages/{message_id}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Retry
         * @description Answer again a question whose answer failed or was cancelled (replaces that answer).
         */
        post: operations["retry_api_v1_chat_messages__message_id__retry_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/chat/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List Sessions */
        get: operations["list_sessions_api_v1_chat_sessions_get"];
        put?: never;
        /** Create Session */
        post: operations["create_session_api_v1_chat_sessions_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/chat/sessions/{session_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get Session */
        get: operations["get_session_api_v1_chat_sessions__session_id__get"];
        put?: never;
        post?: never;
        /** Delete Session */
        delete: operations["delete_session_api_v1_chat_sessions__session_id__delete"];
        options?: never;
        head?: never;
        /**
         * Update Session
         * @description Rename, archive or restore (`is_archived`), or choose the session's model.
         */
        patch: operations["update_session_api_v1_chat_sessions__session_id__patch"];
        trace?: never;
    };
    "/api/v1/chat/sessions/{session_id}/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List Messages */
        get: operations["list_messages_api_v1_chat_sessions__session_id__messages_get"];
        put?: never;
        /**
         * Send Message
         * @description The answer as JSON, or streamed as Server-Sent Events (`Accept: text/event-stream` or
         *     `?stream=true`): `chat.typing`, `chat.token`..., then `chat.done`, `chat.failed` or
         *     `chat.cancelled`.
         */
        post: operations["send_message_api_v1_chat_sessions__session_id__messages_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/content/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Import Upload
         * @description Import one file; the report counts new, unchanged, updated and failed records.
         */
        post: operations["import_upload_api_v1_content_import_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/content/items": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List Items */
        get: operations["list_items_api_v1_content_items_get"];
        put?: never;
        /** Create Item */
        post: operations["create_item_api_v1_content_items_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/content/items/{item_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get Item */
        get: operations["get_item_api_v1_content_items__item_id__get"];
        /** Update Item */
        put: operations["update_item_api_v1_content_items__item_id__put"];
        post?: never;
        /** Delete Item */
        delete: operations["delete_item_api_v1_content_items__item_id__delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/content/search": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Search */
        post: operations["search_api_v1_content_search_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/content/urls": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Add Urls
         * @description Store the URLs and start a run (`fetch_only`) that fetches their pages; URLs that can
         *     never be fetched (not http(s), a literal private address) are refused at once. A page
         *     that fails later fails its item in the run's cache phase, with the reason.
         */
        post: operations["add_urls_api_v1_content_urls_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/knowledge/categories": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Categories */
        get: operations["categories_api_v1_knowledge_categories_get"];
        put?: never;
        /** Create Category */
        post: operations["create_category_api_v1_knowledge_categories_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/knowledge/categories/merge": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Merge Categories */
        post: operations["merge_categories_api_v1_knowledge_categories_merge_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/knowledge/categories/move": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Move Category */
        post: operations["move_category_api_v1_knowledge_categories_move_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/knowledge/categories/rename": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Rename Category */
        post: operations["rename_category_api_v1_knowledge_categories_rename_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/knowledge/embeddings/search": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Embedding Search */
        get: operations["embedding_search_api_v1_knowledge_embeddings_search_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/knowledge/embeddings/space": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Embedding Space Status
         * @description Which model the stored vectors come from, and whether a re-embedding is due.
         */
        get: operations["embedding_space_status_api_v1_knowledge_embeddings_space_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/knowledge/items": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List Items */
        get: operations["list_items_api_v1_knowledge_items_get"];
        put?: never;
        /** Create Item */
        post: operations["create_item_api_v1_knowledge_items_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/knowledge/items/{item_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get Item */
        get: operations["get_item_api_v1_knowledge_items__item_id__get"];
        /** Update Item */
        put: operations["update_item_api_v1_knowledge_items__item_id__put"];
        post?: never;
        /** Delete Item */
        delete: operations["delete_item_api_v1_knowledge_items__item_id__delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/knowledge/items/{item_id}/diff": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Item Diff */
        get: operations["item_diff_api_v1_knowledge_items__item_id__diff_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/knowledge/items/{item_id}/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Item History */
        get: operations["item_history_api_v1_knowledge_items__item_id__history_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/knowledge/items/{item_id}/media/{index}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Item Media
         * @description One of the item's media files (`index` into `media_paths`), read only from the media
         *     area. Private to signed-in users; revalidated with its ETag, since an edit of the item's
         *     media list can give an index another file.
         */
        get: operations["item_media_api_v1_knowledge_items__item_id__media__index__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/knowledge/items/{item_id}/restore/{version}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Restore Item */
        post: operations["restore_item_api_v1_knowledge_items__item_id__restore__version__post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/knowledge/synthesis": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List Syntheses */
        get: operations["list_syntheses_api_v1_knowledge_synthesis_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/knowledge/synthesis/generate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Generate Syntheses
         * @description Write the missing and stale syntheses (all of them with `force=true`) as a run
         *     (`synthesis_only`); the synthesis phase's `outcome` lists what was regenerated.
         */
        post: operations["generate_syntheses_api_v1_knowledge_synthesis_generate_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/knowledge/vault/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Export Vault */
        get: operations["export_vault_api_v1_knowledge_vault_export_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/knowledge/vault/git": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Git Sync Vault
         * @description Sync the vault, commit it to its Git repository and push if a remote is set, as a run
         *     (`git_sync`: export, then git); the git phase's `outcome` is the commit and push report.
         */
        post: operations["git_sync_vault_api_v1_knowledge_vault_git_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/knowledge/vault/sync": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sync Vault */
        post: operations["sync_vault_api_v1_knowledge_vault_sync_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/legacy/migrations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Migrations
         * @description The latest migration runs, newest first.
         */
        get: operations["list_migrations_api_v1_legacy_migrations_get"];
        put?: never;
        /**
         * Start Migration
         * @description Start migrating the earlier tool's data (server-side paths); poll the run for its
         *     progress and report, or follow it live on the event stream (`legacy_progress` events).
         *     `dry_run` writes no content, only the run's own record.
         */
        post: operations["start_migration_api_v1_legacy_migrations_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/legacy/migrations/{run_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Migration
         * @description A run's status, progress and (once it ended) its verification report.
         */
        get: operations["get_migration_api_v1_legacy_migrations__run_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/legacy/migrations/{run_id}/rollback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Rollback Migration
         * @description Delete everything the run created (rows it adopted, and files still in use, stay).
         */
        post: operations["rollback_migration_api_v1_legacy_migrations__run_id__rollback_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read Settings
         * @description Every setting an admin may change: its value in force (secrets masked), and whether it
         *     comes from the database, the environment or the default.
         */
        get: operations["read_settings_api_v1_settings_get"];
        /**
         * Update Settings
         * @description Change settings: fields left out keep their values, `reset` returns settings to the
         *     environment's. In force at once in this process and within seconds in every other API
         *     process and worker. A refused value is a 422 naming the setting; nothing is changed.
         */
        put: operations["update_settings_api_v1_settings_put"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/settings/backends/{backend}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Check Backend
         * @description List a backend's models and capabilities, with the settings in force or with values
         *     sent here (not saved), e.g. a new URL and key before saving them.
         */
        post: operations["check_backend_api_v1_settings_backends__backend__test_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sources/feeds": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Feeds
         * @description Every subscription and how its last refresh went.
         */
        get: operations["list_feeds_api_v1_sources_feeds_get"];
        put?: never;
        /**
         * Subscribe
         * @description Subscribe to an RSS or Atom feed: it is fetched now (it must be a feed, on a public
         *     address), its entries become items, and a run fetches their pages.
         */
        post: operations["subscribe_api_v1_sources_feeds_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sources/feeds/{feed_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Unsubscribe
         * @description Unsubscribe; the items the feed brought in stay.
         */
        delete: operations["unsubscribe_api_v1_sources_feeds__feed_id__delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sources/feeds/{feed_id}/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Refresh One
         * @description Fetch one feed now (a conditional GET: `not_modified` when the server answered 304).
         */
        post: operations["refresh_one_api_v1_sources_feeds__feed_id__refresh_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sources/feeds/opml": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Export Opml
         * @description Every subscription as an OPML file, for any feed reader.
         */
        get: operations["export_opml_api_v1_sources_feeds_opml_get"];
        put?: never;
        /**
         * Import Opml
         * @description Subscribe to every feed of an OPML file; feeds already subscribed are unchanged. A run
         *     fetches the new feeds and their entries' pages.
         */
        post: operations["import_opml_api_v1_sources_feeds_opml_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sources/feeds/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Refresh All
         * @description Refresh every feed as a run (`fetch_only`): its fetch phase reads the feeds (its
         *     `outcome` counts them) and its cache phase the new entries' pages. Schedules refresh
         *     feeds the same way: every run's fetch phase does, unless `refresh_feeds` is false.
         */
        post: operations["refresh_all_api_v1_sources_feeds_refresh_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sources/x/authorize": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * X Authorize
         * @description Start connecting an X account: open `authorize_url` in a browser.
         */
        get: operations["x_authorize_api_v1_sources_x_authorize_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sources/x/callback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * X Callback
         * @description Where X sends the browser back: exchanges the code and stores the tokens encrypted.
         */
        get: operations["x_callback_api_v1_sources_x_callback_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sources/x/connection": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * X Status
         * @description Is an X account connected (which one), and when was its last bookmark stored.
         */
        get: operations["x_status_api_v1_sources_x_connection_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sources/x/sync": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * X Sync
         * @description Fetch new bookmarks (all of them with `full=true`) as a run (`fetch_only`: bookmarks,
         *     then their pages and media); its fetch phase's `outcome` is the import report. X can
         *     make a sync wait up to 15 minutes on its rate limit, so the request never waits on it.
         */
        post: operations["x_sync_api_v1_sources_x_sync_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/system/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Audit Log
         * @description Who did what, newest first (admins only).
         */
        get: operations["audit_log_api_v1_system_audit_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/system/backups": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List All
         * @description The backup folder's archives, newest first.
         */
        get: operations["list_all_api_v1_system_backups_get"];
        put?: never;
        /**
         * Create
         * @description Take a backup now into the backup folder (a consistent snapshot, safe during runs);
         *     answers when the archive is complete.
         */
        post: operations["create_api_v1_system_backups_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/system/backups/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Download
         * @description The archive itself, streamed (restore it with `kbagent restore`).
         */
        get: operations["download_api_v1_system_backups__name__get"];
        put?: never;
        post?: never;
        /** Delete */
        delete: operations["delete_api_v1_system_backups__name__delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/system/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Health
         * @description Each part's state; 503 (with the same parts in `details`) when a required part is down.
         */
        get: operations["health_api_v1_system_health_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/system/logs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Logs
         * @description Persisted run logs and events, newest first.
         */
        get: operations["logs_api_v1_system_logs_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/system/logs/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Export Logs
         * @description The events `/logs` would list with the same filters, every one of them, as JSON lines,
         *     oldest first. The events written while the export runs are left out, so it ends.
         */
        get: operations["export_logs_api_v1_system_logs_export_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/system/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Metrics
         * @description CPU, memory, the data directory's disk, GPUs (null without nvidia-smi), the queue and the
         *     workers seen, runs by status, items by processing state, and AI calls per phase and model
         *     over the last hour, day and week.
         */
        get: operations["metrics_api_v1_system_metrics_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/system/metrics/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Metrics History
         * @description The Monitoring charts: each host's CPU, memory, disk, GPU and queue depth (sampled every
         *     `KBAGENT_METRICS_SAMPLE_SECONDS` by each API process and worker) and the model calls per
         *     phase and model, in the same time buckets (a minute over an hour, two hours over a week).
         */
        get: operations["metrics_history_api_v1_system_metrics_history_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/system/models": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Models
         * @description Models of every configured backend, grouped by backend and capability, and the routes;
         *     with each model's measured capability profile once its self-test has run.
         */
        get: operations["list_models_api_v1_system_models_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List Users */
        get: operations["list_users_api_v1_users_get"];
        put?: never;
        /** Create User */
        post: operations["create_user_api_v1_users_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{user_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete User */
        delete: operations["delete_user_api_v1_users__user_id__delete"];
        options?: never;
        head?: never;
        /**
         * Update User
         * @description Change a role or set a new password (which ends the user's sessions).
         */
        patch: operations["update_user_api_v1_users__user_id__patch"];
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Prometheus Metrics
         * @description Prometheus text format: request latency by route, runs and items by state, the queue,
         *     and the model calls of this process (latency, tokens).
         */
        get: operations["prometheus_metrics_metrics_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** ApiKeyCreate */
        ApiKeyCreate: {
            /** Name */
            name: string;
            role: components["schemas"]["Role"];
        };
        /** ApiKeyCreated */
        ApiKeyCreated: {
            key: components["schemas"]["ApiKeyRead"];
            /**
             * Secret
             * @description The key itself; shown this once, stored only hashed.
             */
            secret: string;
        };
        /** ApiKeyRead */
        ApiKeyRead: {
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Id */
            id: number;
            /** Last Used At */
            last_used_at: string | null;
            /** Name */
            name: string;
            /** Prefix */
            prefix: string;
            /** Revoked At */
            revoked_at: string | null;
            role: components["schemas"]["Role"];
        };
        /** AuditEventRead */
        AuditEventRead: {
            /** Action */
            action: string;
            /** Actor */
            actor: string | null;
            /**
             * At
             * Format: date-time
             */
            at: string;
            /** Client */
            client: string | null;
            /** Details */
            details: {
                [key: string]: unknown;
            };
            /** Id */
            id: number;
            /** Request Id */
            request_id: string | null;
            /** Target */
            target: string | null;
        };
        /** AuditPage */
        AuditPage: {
            /** Items */
            items: components["schemas"]["AuditEventRead"][];
            /** Total */
            total: number;
        };
        /** AuthStatus */
        AuthStatus: {
            /** Auth Enabled */
            auth_enabled: boolean;
            /** Setup Required */
            setup_required: boolean;
        };
        /** BackendModels */
        BackendModels: {
            /** Backend */
            backend: string;
            /** By Capability */
            by_capability: {
                [key: string]: string[];
            };
            /** Detail */
            detail?: string | null;
            /** Models */
            models: components["schemas"]["ModelRead"][];
            /** Status */
            status: string;
        };
        /** BackupCreated */
        BackupCreated: {
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /**
             * Files
             * @description Files in the archive (database, vault, media, key file).
             */
            files: number;
            /** Kbagent Version */
            kbagent_version: string;
            /**
             * Name
             * @example kbagent-backup-20260101T030000.000000Z.tar.gz
             */
            name: string;
            /** Schema Revision */
            schema_revision: string;
            /** Seconds */
            seconds: number;
            /** Size Bytes */
            size_bytes: number;
            /**
             * Tables
             * @description Rows per table in the snapshot.
             */
            tables: {
                [key: string]: number;
            };
        };
        /** BackupList */
        BackupList: {
            /**
             * Cron
             * @description When the scheduler takes one (empty: never).
             */
            cron: string;
            /** Items */
            items: components["schemas"]["BackupRead"][];
            /**
             * Keep
             * @description Newest archives kept after a scheduled backup.
             */
            keep: number;
        };
        /** BackupRead */
        BackupRead: {
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /**
             * Name
             * @example kbagent-backup-20260101T030000.000000Z.tar.gz
             */
            name: string;
            /** Size Bytes */
            size_bytes: number;
        };
        /** Body_import_opml_api_v1_sources_feeds_opml_post */
        Body_import_opml_api_v1_sources_feeds_opml_post: {
            /**
             * File
             * @description An OPML file (a feed reader's export).
             */
            file: string;
        };
        /** Body_import_upload_api_v1_content_import_post */
        Body_import_upload_api_v1_content_import_post: {
            /**
             * File
             * @description X archive zip, exporter JSON, bookmark HTML, read-later and bookmark-manager exports (Pocket, Raindrop, Instapaper, Karakeep, Linkwarden, Omnivore, Readwise), PDF, DOCX, EPUB, HTML, Markdown or text; detected by content.
             */
            file: string;
        };
        /** CategoryChange */
        CategoryChange: {
            /** Items Updated */
            items_updated: number;
            /** Syntheses Updated */
            syntheses_updated: number;
        };
        /** CategoryCreate */
        CategoryCreate: {
            /** Main Category */
            main_category: string;
            /** Sub Category */
            sub_category: string;
        };
        /**
         * CategoryMerge
         * @description Merge a subcategory into another, or (no subcategories given) a main into another.
         */
        CategoryMerge: {
            /** Source Main */
            source_main: string;
            /** Source Sub */
            source_sub?: string | null;
            /** Target Main */
            target_main: string;
            /** Target Sub */
            target_sub?: string | null;
        };
        /**
         * CategoryMove
         * @description Move a subcategory, with its items and synthesis, under another main category.
         */
        CategoryMove: {
            /** Main Category */
            main_category: string;
            /** New Main Category */
            new_main_category: string;
            /** Sub Category */
            sub_category: string;
        };
        /** CategoryRead */
        CategoryRead: {
            /** Main Category */
            main_category: string;
            /** Sub Category */
            sub_category: string;
        };
        /**
         * CategoryRename
         * @description Rename a main category (no `sub_category`) or one subcategory.
         */
        CategoryRename: {
            /** Main Category */
            main_category: string;
            /** New Name */
            new_name: string;
            /** Sub Category */
            sub_category?: string | null;
        };
        /** CategoryTree */
        CategoryTree: {
            /** Categories */
            categories: components["schemas"]["MainCategoryRead"][];
            /** Total Items */
            total_items: number;
        };
        /** ChatReply */
        ChatReply: {
            message: components["schemas"]["MessageRead"];
            user_message: components["schemas"]["MessageRead"];
        };
        /**
         * ConnectionRequest
         * @description Values to try before saving them (left out: the settings in force).
         */
        ConnectionRequest: {
            /** Backup Cron */
            backup_cron?: string | null;
            /** Backup Keep */
            backup_keep?: number | null;
            /** Category Similarity */
            category_similarity?: number | null;
            /** Chat Answer Strategy */
            chat_answer_strategy?: ("auto" | "model" | "extractive") | null;
            /** Fetch Max Bytes */
            fetch_max_bytes?: number | null;
            /** Fetch Max Redirects */
            fetch_max_redirects?: number | null;
            /** Fetch Timeout Seconds */
            fetch_timeout_seconds?: number | null;
            /** Media Max Bytes */
            media_max_bytes?: number | null;
            /** Model Categorisation */
            model_categorisation?: string | null;
            /** Model Chat */
            model_chat?: string | null;
            /** Model Embeddings */
            model_embeddings?: string | null;
            /** Model Kb Generation */
            model_kb_generation?: string | null;
            /** Model Prices */
            model_prices?: {
                [key: string]: [
                    number,
                    number
                ];
            } | null;
            /** Model Synthesis */
            model_synthesis?: string | null;
            /** Model Vision */
            model_vision?: string | null;
            /** Ollama Options */
            ollama_options?: {
                [key: string]: unknown;
            } | null;
            /** Ollama Url */
            ollama_url?: string | null;
            /** Openai Api Key */
            openai_api_key?: string | null;
            /** Openai Base Url */
            openai_base_url?: string | null;
            /** Openai Context Window */
            openai_context_window?: number | null;
            /** Openai Extra Body */
            openai_extra_body?: {
                [key: string]: unknown;
            } | null;
            /** Openai Json Mode */
            openai_json_mode?: ("json_schema" | "json_object" | "none") | null;
            /** Pipeline Batch Size */
            pipeline_batch_size?: number | null;
            /** Pipeline Max Attempts */
            pipeline_max_attempts?: number | null;
            /** Retain Event Days */
            retain_event_days?: number | null;
            /** Retain Item Versions */
            retain_item_versions?: number | null;
            /** Retain Runs */
            retain_runs?: number | null;
            /** Retain Usage Days */
            retain_usage_days?: number | null;
            /** Synthesis Max Items */
            synthesis_max_items?: number | null;
            /** Synthesis Min Items */
            synthesis_min_items?: number | null;
            /** Synthesis Min Subcategories */
            synthesis_min_subcategories?: number | null;
            /** Vault Auto Sync */
            vault_auto_sync?: boolean | null;
            /** X Client Id */
            x_client_id?: string | null;
            /** X Client Secret */
            x_client_secret?: string | null;
            /** X Redirect Uri */
            x_redirect_uri?: string | null;
        };
        /**
         * ConnectionTest
         * @description A backend's answer to "test connection": its models and their capabilities.
         */
        ConnectionTest: {
            /** Backend */
            backend: string;
            /** By Capability */
            by_capability: {
                [key: string]: string[];
            };
            /** Detail */
            detail?: string | null;
            /** Latency Ms */
            latency_ms?: number | null;
            /** Models */
            models: components["schemas"]["ModelRead"][];
            /** Status */
            status: string;
        };
        /** ContentItemCreate */
        ContentItemCreate: {
            /**
             * Content
             * @default
             */
            content?: string;
            /** Main Category */
            main_category?: string | null;
            /** Media Files */
            media_files?: {
                [key: string]: unknown;
            }[];
            /** Raw Data */
            raw_data?: {
                [key: string]: unknown;
            } | null;
            /** Source Id */
            source_id: string;
            /**
             * Source Type
             * @example url
             */
            source_type: string;
            /** Sub Category */
            sub_category?: string | null;
            /** Tags */
            tags?: string[];
            /** Title */
            title: string;
        };
        /** ContentItemPage */
        ContentItemPage: {
            /** Items */
            items: components["schemas"]["ContentItemRead"][];
            /** Limit */
            limit: number;
            /** Offset */
            offset: number;
            /** Total */
            total: number;
        };
        /** ContentItemRead */
        ContentItemRead: {
            /** Content */
            content: string;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Id */
            id: string;
            /** Main Category */
            main_category: string | null;
            /** Media Files */
            media_files: {
                [key: string]: unknown;
            }[];
            /** Processing State */
            processing_state: string;
            /** Raw Data */
            raw_data: {
                [key: string]: unknown;
            } | null;
            /** Source Id */
            source_id: string;
            /** Source Type */
            source_type: string;
            /** Sub Category */
            sub_category: string | null;
            /** Tags */
            tags: string[];
            /** Title */
            title: string;
            /** Truncated */
            truncated: boolean;
            /**
             * Updated At
             * Format: date-time
             */
            updated_at: string;
        };
        /**
         * ContentItemUpdate
         * @description Partial update: only the fields sent are changed.
         *
         *     Fields whose column is never NULL may be omitted but not sent as `null` (a stored null
         *     list once broke every listing); `null` clears the nullable ones.
         */
        ContentItemUpdate: {
            /** Content */
            content?: string;
            /** Main Category */
            main_category?: string | null;
            /** Media Files */
            media_files?: {
                [key: string]: unknown;
            }[];
            /** Processing State */
            processing_state?: string;
            /** Raw Data */
            raw_data?: {
                [key: string]: unknown;
            } | null;
            /** Sub Category */
            sub_category?: string | null;
            /** Tags */
            tags?: string[];
            /** Title */
            title?: string;
        };
        /** ContextStats */
        ContextStats: {
            /** Categories */
            categories: string[];
            /** Context Tokens */
            context_tokens: number;
            /** Found */
            found: boolean;
            /** Items */
            items: number;
            /**
             * Query
             * @description The retrieval query (a follow-up rewritten with history).
             */
            query: string;
            /** Syntheses */
            syntheses: number;
            /** Token Budget */
            token_budget: number;
            /** Trimmed */
            trimmed: boolean;
        };
        /** Counts */
        Counts: {
            /**
             * Adopted
             * @description Already in kbagent: linked, not duplicated.
             * @default 0
             */
            adopted?: number;
            /**
             * New
             * @default 0
             */
            new?: number;
            /**
             * Unchanged
             * @default 0
             */
            unchanged?: number;
            /**
             * Updated
             * @default 0
             */
            updated?: number;
        };
        /** CronPreview */
        CronPreview: {
            /** Cron */
            cron: string;
            /**
             * Description
             * @description The expression in words.
             */
            description: string;
            /**
             * Next Runs
             * @description The next five times it fires (UTC).
             */
            next_runs: string[];
        };
        /** DiskMetrics */
        DiskMetrics: {
            /** Free Bytes */
            free_bytes: number;
            /** Path */
            path: string;
            /** Total Bytes */
            total_bytes: number;
            /** Used Percent */
            used_percent: number;
        };
        /**
         * EmbeddingSpaceRead
         * @description The model the stored vectors come from, against the configured one.
         */
        EmbeddingSpaceRead: {
            /** Configured Dim */
            configured_dim: number;
            /** Configured Model */
            configured_model: string;
            /**
             * Reembed Needed
             * @description True while vector search is unavailable: the next run that embeds (or POST /api/v1/agent/reembed) re-embeds every item with the configured model.
             */
            reembed_needed: boolean;
            /** Stored Dim */
            stored_dim: number | null;
            /**
             * Stored Model
             * @description None until the first vector is stored.
             */
            stored_model: string | null;
            /** Vectors */
            vectors: number;
        };
        /**
         * ErrorCode
         * @enum {string}
         */
        ErrorCode: "validation_error" | "not_found" | "duplicate" | "payload_too_large" | "method_not_allowed" | "permission_denied" | "host_not_allowed" | "origin_not_allowed" | "not_authenticated" | "session_expired" | "invalid_credentials" | "forbidden" | "csrf_failed" | "setup_token_invalid" | "rate_limited" | "service_unavailable" | "ai_service_error" | "processing_error" | "system_error";
        /** ErrorResponse */
        ErrorResponse: {
            /** Details */
            details?: {
                [key: string]: unknown;
            };
            error_code: components["schemas"]["ErrorCode"];
            /** Message */
            message: string;
            /** Request Id */
            request_id: string;
            /**
             * Success
             * @default false
             */
            success?: boolean;
            /**
             * Timestamp
             * Format: date-time
             */
            timestamp: string;
        };
        /** EventPage */
        EventPage: {
            /** Items */
            items: components["schemas"]["EventRead"][];
            /** Limit */
            limit: number;
            /** Offset */
            offset: number;
            /** Total */
            total: number;
        };
        /** EventRead */
        EventRead: {
            /** Data */
            data: {
                [key: string]: unknown;
            };
            /** Id */
            id: number;
            /** Level */
            level: string;
            /** Message */
            message: string;
            /** Task Id */
            task_id: string | null;
            /**
             * Ts
             * Format: date-time
             */
            ts: string;
            /** Type */
            type: string;
        };
        /**
         * FailedItem
         * @description One item that failed in a run: where, why, after how many attempts.
         */
        FailedItem: {
            /** Attempts */
            attempts: number;
            /** Content Item Id */
            content_item_id: string;
            /** Error */
            error: string | null;
            /** Phase */
            phase: string;
            /** Title */
            title: string;
            /**
             * Updated At
             * Format: date-time
             */
            updated_at: string;
        };
        /** FailedItemPage */
        FailedItemPage: {
            /** Items */
            items: components["schemas"]["FailedItem"][];
            /** Limit */
            limit: number;
            /** Offset */
            offset: number;
            /** Total */
            total: number;
        };
        /** FailureReason */
        FailureReason: {
            /** Count */
            count: number;
            /** Phase */
            phase: string;
            /**
             * Reason
             * @description One example message of the group.
             */
            reason: string;
        };
        /**
         * FailureSummary
         * @description What failed in a run: counted per phase, reasons grouped (numbers and ids aside).
         */
        FailureSummary: {
            /** By Phase */
            by_phase?: {
                [key: string]: number;
            };
            /**
             * Failed Items
             * @default 0
             */
            failed_items?: number;
            /**
             * Failed Phases
             * @description Whole-run phases (synthesis, export) that failed.
             */
            failed_phases?: string[];
            /**
             * Phase Problems
             * @description Whole-run phases that finished with some of their work failed (a feed that could not be read in fetch): how many problems each reported.
             */
            phase_problems?: {
                [key: string]: number;
            };
            /** Top Reasons */
            top_reasons?: components["schemas"]["FailureReason"][];
        };
        /** FeedAdd */
        FeedAdd: {
            /**
             * Url
             * @description The feed's own URL (RSS or Atom), http or https.
             */
            url: string;
        };
        /** FeedList */
        FeedList: {
            /** Items */
            items: components["schemas"]["FeedRead"][];
        };
        /** FeedRead */
        FeedRead: {
            /** Checked At */
            checked_at: string | null;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Error */
            error: string | null;
            /** Etag */
            etag: string | null;
            /** Id */
            id: string;
            /**
             * Items Added
             * @description Items this feed has brought in so far.
             */
            items_added: number;
            /** Last Modified */
            last_modified: string | null;
            /** Site Url */
            site_url: string | null;
            /**
             * Status
             * @description How the last refresh went: `pending` (never fetched), `ok`, `not_modified` (the server answered 304) or `failed` (see `error`).
             * @enum {string}
             */
            status: "pending" | "ok" | "not_modified" | "failed";
            /** Title */
            title: string | null;
            /** Url */
            url: string;
        };
        /**
         * FeedRefreshed
         * @description One feed fetched: its entries stored as items (known ones left as they are), and the
         *     run that fetches the new items' pages.
         */
        FeedRefreshed: {
            feed: components["schemas"]["FeedRead"];
            /**
             * Not Modified
             * @description The server answered 304: nothing was read.
             */
            not_modified: boolean;
            report: components["schemas"]["ImportReport"];
            /**
             * Run Id
             * @description The fetch_only run started to fetch the new entries' pages; null when nothing is new or a run was already active (the next run fetches them).
             */
            run_id?: string | null;
        };
        /** GpuMetrics */
        GpuMetrics: {
            /** Index */
            index: number;
            /** Memory Total Bytes */
            memory_total_bytes: number | null;
            /** Memory Used Bytes */
            memory_used_bytes: number | null;
            /** Name */
            name: string;
            /** Temperature C */
            temperature_c: number | null;
            /** Utilization Percent */
            utilization_percent: number | null;
        };
        /** HealthReport */
        HealthReport: {
            /** Parts */
            parts: {
                [key: string]: components["schemas"]["PartHealth"];
            };
            /**
             * Status
             * @enum {string}
             */
            status: "ok" | "down";
            /** Version */
            version: string;
        };
        /** HostMetrics */
        HostMetrics: {
            /** Cpu Count */
            cpu_count: number;
            /** Cpu Percent */
            cpu_percent: number;
            disk: components["schemas"]["DiskMetrics"];
            /** Gpus */
            gpus: components["schemas"]["GpuMetrics"][] | null;
            /** Load Average */
            load_average: [
                number,
                number,
                number
            ] | null;
            memory: components["schemas"]["MemoryMetrics"];
        };
        /** HostPoint */
        HostPoint: {
            /**
             * At
             * Format: date-time
             */
            at: string;
            /** Cpu Percent */
            cpu_percent: number;
            /** Disk Percent */
            disk_percent: number;
            /** Gpu Percent */
            gpu_percent: number | null;
            /** Memory Percent */
            memory_percent: number;
            /** Queue Depth */
            queue_depth: number | null;
        };
        /** HostSeries */
        HostSeries: {
            /** Host */
            host: string;
            /** Points */
            points: components["schemas"]["HostPoint"][];
        };
        /** HTTPValidationError */
        HTTPValidationError: {
            /** Detail */
            detail?: components["schemas"]["ValidationError"][];
        };
        /** ImportFailure */
        ImportFailure: {
            /** Reason */
            reason: string;
            /**
             * Ref
             * @description Which record failed: an id, a URL or a position in the file.
             */
            ref: string;
        };
        /**
         * ImportReport
         * @description What an import did: every record is counted exactly once.
         */
        ImportReport: {
            /**
             * Failed
             * @default 0
             */
            failed?: number;
            /** Failures */
            failures?: components["schemas"]["ImportFailure"][];
            /** Format */
            format?: string | null;
            /**
             * Item Ids
             * @description Ids of new and updated items (the first 1000).
             */
            item_ids?: string[];
            /**
             * New
             * @default 0
             */
            new?: number;
            /**
             * Skipped
             * @description Records that are not items (a browser's smart folders).
             * @default 0
             */
            skipped?: number;
            /**
             * Unchanged
             * @default 0
             */
            unchanged?: number;
            /**
             * Updated
             * @default 0
             */
            updated?: number;
        };
        /** ItemDiff */
        ItemDiff: {
            /**
             * Diff
             * @description Unified diff of the two versions rendered as markdown.
             */
            diff: string;
            /** From Version */
            from_version: number;
            /** To Version */
            to_version: number;
        };
        /** ItemHistory */
        ItemHistory: {
            /** Versions */
            versions: components["schemas"]["ItemVersionRead"][];
        };
        /** ItemMediaRead */
        ItemMediaRead: {
            /**
             * Description
             * @description The vision model's description, if any.
             */
            description: string | null;
            /**
             * Index
             * @description Its place in `media_paths`: `GET .../media/{index}`.
             */
            index: number;
            /** Path */
            path: string;
        };
        /** ItemPhaseRead */
        ItemPhaseRead: {
            /** Attempts */
            attempts: number;
            /** Error */
            error: string | null;
            /**
             * Model
             * @description The model that did the step (`backend:model`).
             */
            model: string | null;
            /** Name */
            name: string;
            /** Run Id */
            run_id: string | null;
            /**
             * State
             * @enum {string}
             */
            state: "done" | "failed" | "skipped" | "pending";
            /**
             * Summary
             * @description What the step produced, in a few words.
             */
            summary: string | null;
            /** Updated At */
            updated_at: string | null;
        };
        /**
         * ItemPipelineRead
         * @description One item through the pipeline: each per-item phase, and the model calls made for it.
         */
        ItemPipelineRead: {
            /** Item Id */
            item_id: string;
            /** Phases */
            phases: components["schemas"]["ItemPhaseRead"][];
            /** Processing State */
            processing_state: string;
            /** Title */
            title: string;
            /** Usage */
            usage: components["schemas"]["ItemUsage"][];
        };
        /** ItemRetryResult */
        ItemRetryResult: {
            /** Reset Phases */
            reset_phases: string[];
            run: components["schemas"]["RunRead"];
        };
        /**
         * ItemUsage
         * @description The model calls one item's pipeline steps made with one model for one model phase.
         */
        ItemUsage: {
            /** Calls */
            calls: number;
            /** Completion Tokens */
            completion_tokens: number;
            /** Failures */
            failures: number;
            /** Last Call At */
            last_call_at: string | null;
            /** Latency Ms */
            latency_ms: number;
            /** Model */
            model: string;
            /** Phase */
            phase: string;
            /** Prompt Tokens */
            prompt_tokens: number;
        };
        /** ItemVersionRead */
        ItemVersionRead: {
            /** Change */
            change: string;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Knowledge Item Id */
            knowledge_item_id: string;
            /** Snapshot */
            snapshot: {
                [key: string]: unknown;
            };
            /** Version */
            version: number;
        };
        /**
         * KnowledgeItemCreate
         * @description A new KB item; without `content_item_id` a `manual` content item is created for it.
         */
        KnowledgeItemCreate: {
            /** Content Item Id */
            content_item_id?: string | null;
            /** Display Title */
            display_title: string;
            /**
             * Enhanced Content
             * @default
             */
            enhanced_content?: string;
            /** Main Category */
            main_category?: string | null;
            /** Media Paths */
            media_paths?: string[];
            /** Source Url */
            source_url?: string | null;
            /** Sub Category */
            sub_category?: string | null;
            /** Summary */
            summary?: string | null;
            /** Tags */
            tags?: string[];
        };
        /** KnowledgeItemPage */
        KnowledgeItemPage: {
            /** Items */
            items: components["schemas"]["KnowledgeItemRead"][];
            /** Limit */
            limit: number;
            /** Offset */
            offset: number;
            /** Total */
            total: number;
        };
        /** KnowledgeItemRead */
        KnowledgeItemRead: {
            /** Content Item Id */
            content_item_id: string;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Display Title */
            display_title: string;
            /** Enhanced Content */
            enhanced_content: string;
            /** Id */
            id: string;
            /** Main Category */
            main_category: string | null;
            /** Media */
            media: components["schemas"]["ItemMediaRead"][];
            /** Media Paths */
            media_paths: string[];
            /**
             * Model
             * @description The model that wrote the note (null if a person).
             */
            model: string | null;
            /** Source Url */
            source_url: string | null;
            /** Sub Category */
            sub_category: string | null;
            /** Summary */
            summary: string | null;
            /** Tags */
            tags: string[];
            /**
             * Truncated
             * @description The source delivered a cut text (a retweet as X exports it); a richer source of the same post completes it when imported.
             */
            truncated: boolean;
            /**
             * Updated At
             * Format: date-time
             */
            updated_at: string;
            /** Version */
            version: number;
        };
        /**
         * KnowledgeItemUpdate
         * @description Partial update: only the fields sent are changed; each update is a new version.
         *
         *     Fields whose column is never NULL may be omitted but not sent as `null`.
         */
        KnowledgeItemUpdate: {
            /** Display Title */
            display_title?: string;
            /** Enhanced Content */
            enhanced_content?: string;
            /** Main Category */
            main_category?: string | null;
            /** Media Paths */
            media_paths?: string[];
            /** Source Url */
            source_url?: string | null;
            /** Sub Category */
            sub_category?: string | null;
            /** Summary */
            summary?: string | null;
            /** Tags */
            tags?: string[];
        };
        /** LoginRequest */
        LoginRequest: {
            /** Password */
            password: string;
            /** Username */
            username: string;
        };
        /** MainCategoryRead */
        MainCategoryRead: {
            /** Count */
            count: number;
            /** Name */
            name: string;
            /** Subcategories */
            subcategories: components["schemas"]["SubCategoryRead"][];
        };
        /** MemoryMetrics */
        MemoryMetrics: {
            /** Available Bytes */
            available_bytes: number;
            /** Process Rss Bytes */
            process_rss_bytes: number;
            /** Total Bytes */
            total_bytes: number;
            /** Used Percent */
            used_percent: number;
        };
        /** MessageCreate */
        MessageCreate: {
            /** Content */
            content: string;
            /** Model */
            model?: string | null;
        };
        /** MessageRead */
        MessageRead: {
            /** Content */
            content: string;
            context_stats: components["schemas"]["ContextStats"] | null;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Error */
            error: string | null;
            /** Id */
            id: string;
            /** Metrics */
            metrics: {
                [key: string]: unknown;
            } | null;
            /** Model Used */
            model_used: string | null;
            /** Role */
            role: string;
            /** Session Id */
            session_id: string;
            /** Sources */
            sources: components["schemas"]["Source"][];
            status: components["schemas"]["MessageStatus"];
        };
        /**
         * MessageStatus
         * @enum {string}
         */
        MessageStatus: "complete" | "failed" | "cancelled";
        /** MetricsHistory */
        MetricsHistory: {
            /** Ai Usage */
            ai_usage: components["schemas"]["UsageBucket"][];
            /** Hosts */
            hosts: components["schemas"]["HostSeries"][];
            /** Sample Seconds */
            sample_seconds: number;
            /**
             * Since
             * Format: date-time
             */
            since: string;
            /** Step Seconds */
            step_seconds: number;
            /**
             * Until
             * Format: date-time
             */
            until: string;
            /**
             * Window
             * @enum {string}
             */
            window: "1h" | "6h" | "24h" | "7d";
        };
        /** MigrationReport */
        MigrationReport: {
            /** Decode Repairs */
            decode_repairs?: {
                [key: string]: {
                    [key: string]: number;
                };
            };
            /** Dry Run */
            dry_run: boolean;
            /**
             * Duration S
             * @default 0
             */
            duration_s?: number;
            /** Embeddings */
            embeddings?: {
                [key: string]: unknown;
            };
            /** Integrity */
            integrity?: {
                [key: string]: unknown;
            };
            /**
             * Items Without Content
             * @default 0
             */
            items_without_content?: number;
            /** Items Without Content Ids */
            items_without_content_ids?: string[];
            /**
             * Items Without Title
             * @default 0
             */
            items_without_title?: number;
            /** Items Without Title Ids */
            items_without_title_ids?: string[];
            /**
             * Missing Media
             * @default 0
             */
            missing_media?: number;
            /** Missing Media Files */
            missing_media_files?: components["schemas"]["MissingMedia"][];
            /**
             * Out
             * @description What became of them.
             */
            out?: {
                [key: string]: components["schemas"]["Counts"];
            };
            /** Records In */
            records_in?: {
                [key: string]: number;
            };
            /** Run Id */
            run_id: string | null;
            /** Since */
            since?: string | null;
            /**
             * Skipped
             * @default 0
             */
            skipped?: number;
            /** Skipped Records */
            skipped_records?: components["schemas"]["SkippedRecord"][];
            /** Sources */
            sources: {
                [key: string]: string | null;
            };
            /**
             * Tables In
             * @description Rows (or files) read per legacy table or file.
             */
            tables_in?: {
                [key: string]: number;
            };
        };
        /**
         * MigrationRequest
         * @description Where the earlier tool's data is, on the server's disk.
         */
        MigrationRequest: {
            /**
             * Db
             * @description Path of the SQLite file, or a postgresql:// or sqlite:/// URL.
             */
            db?: string | null;
            /**
             * Dry Run
             * @default false
             */
            dry_run?: boolean;
            /**
             * Json Dir
             * @description `<project>/data`.
             */
            json_dir?: string | null;
            /**
             * Kb Dir
             * @description `kb-generated`.
             */
            kb_dir?: string | null;
            /**
             * Media Root
             * @description What legacy media paths are relative to (the project folder); by default the folder above the database's `instance/`.
             */
            media_root?: string | null;
            /**
             * Since
             * @description Only legacy records created or changed from then on.
             */
            since?: string | null;
        };
        /** MigrationRunDetail */
        MigrationRunDetail: {
            /** Dry Run */
            dry_run: boolean;
            /** Error */
            error: string | null;
            /** Finished At */
            finished_at: string | null;
            /** Id */
            id: string;
            /** Options */
            options: {
                [key: string]: unknown;
            };
            /**
             * Progress
             * @description `stage`, `done` and `total` while it runs.
             */
            progress: {
                [key: string]: unknown;
            };
            report: components["schemas"]["MigrationReport"] | null;
            /**
             * Started At
             * Format: date-time
             */
            started_at: string;
            /**
             * Status
             * @enum {string}
             */
            status: "running" | "completed" | "failed" | "interrupted" | "rolled_back";
        };
        /** MigrationRunRead */
        MigrationRunRead: {
            /** Dry Run */
            dry_run: boolean;
            /** Error */
            error: string | null;
            /** Finished At */
            finished_at: string | null;
            /** Id */
            id: string;
            /** Options */
            options: {
                [key: string]: unknown;
            };
            /**
             * Progress
             * @description `stage`, `done` and `total` while it runs.
             */
            progress: {
                [key: string]: unknown;
            };
            /**
             * Started At
             * Format: date-time
             */
            started_at: string;
            /**
             * Status
             * @enum {string}
             */
            status: "running" | "completed" | "failed" | "interrupted" | "rolled_back";
        };
        /** MissingMedia */
        MissingMedia: {
            /** Path */
            path: string;
            /** Tweet Id */
            tweet_id: string;
        };
        /** ModelCatalogue */
        ModelCatalogue: {
            /** Backends */
            backends: components["schemas"]["BackendModels"][];
            /** Routes */
            routes: {
                [key: string]: string;
            };
        };
        /** ModelRead */
        ModelRead: {
            /** Capabilities */
            capabilities: string[];
            /** Context Window */
            context_window: number | null;
            /** Json Reliability */
            json_reliability?: number | null;
            /** Name */
            name: string;
            /** Tokens Per Second */
            tokens_per_second?: number | null;
        };
        /**
         * ModelTotals
         * @description Model calls of one phase and model over a time window.
         */
        ModelTotals: {
            /** Calls */
            calls: number;
            /** Completion Tokens */
            completion_tokens: number;
            /** Cost Usd */
            cost_usd: number | null;
            /** Failures */
            failures: number;
            /** Latency Ms Avg */
            latency_ms_avg: number;
            /** Latency Ms Max */
            latency_ms_max: number;
            /** Model */
            model: string;
            /** Phase */
            phase: string;
            /** Prompt Tokens */
            prompt_tokens: number;
        };
        /**
         * OpmlImported
         * @description Subscriptions an OPML file added (new), already had (unchanged) or refused (failed);
         *     the run started to fetch the new ones.
         */
        OpmlImported: {
            report: components["schemas"]["ImportReport"];
            /** Run Id */
            run_id?: string | null;
        };
        /** PartHealth */
        PartHealth: {
            /** Detail */
            detail?: string | null;
            /** Latency Ms */
            latency_ms?: number | null;
            /** Required */
            required: boolean;
            /**
             * Status
             * @enum {string}
             */
            status: "ok" | "down" | "not_configured";
        };
        /** PasswordChange */
        PasswordChange: {
            /** Current Password */
            current_password: string;
            /** New Password */
            new_password: string;
        };
        /** PhaseProgress */
        PhaseProgress: {
            /** Done */
            done: number;
            /** Error */
            error?: string | null;
            /** Eta Seconds */
            eta_seconds: number | null;
            /** Failed */
            failed: number;
            /** Items Per Second */
            items_per_second: number | null;
            /** Name */
            name: string;
            /**
             * Outcome
             * @description What a whole-run phase did (fetch, synthesis, export, git).
             */
            outcome?: {
                [key: string]: unknown;
            } | null;
            /**
             * Skipped
             * @default 0
             */
            skipped?: number;
            /**
             * State
             * @enum {string}
             */
            state: "waiting" | "running" | "finished";
            /** Total */
            total: number | null;
        };
        /** QueueMetrics */
        QueueMetrics: {
            /** Depth */
            depth: number | null;
            /** Error */
            error?: string | null;
            /** Mode */
            mode: string;
            /** Workers */
            workers: {
                [key: string]: number;
            };
        };
        /** RefreshRequest */
        RefreshRequest: {
            /** Refresh Token */
            refresh_token?: string | null;
        };
        /** RetryResult */
        RetryResult: {
            /** Reset Items */
            reset_items: number;
            run: components["schemas"]["RunRead"];
        };
        /**
         * Role
         * @enum {string}
         */
        Role: "viewer" | "editor" | "admin";
        /** RollbackReport */
        RollbackReport: {
            /** Deleted */
            deleted: {
                [key: string]: number;
            };
            /**
             * Kept
             * @description Rows the run had adopted or that are in use.
             */
            kept?: {
                [key: string]: number;
            };
            /** Run Id */
            run_id: string;
        };
        /** RunConfig */
        RunConfig: {
            /**
             * Force Phases
             * @description Redo these phases for items done already.
             */
            force_phases?: ("fetch" | "cache" | "media" | "categorise" | "generate" | "embed" | "synthesis" | "export" | "git")[];
            /**
             * Mode
             * @default full
             * @enum {string}
             */
            mode?: "full" | "fetch_only" | "synthesis_only" | "embeddings_only" | "git_sync";
            /**
             * Models
             * @description Per-run model override per phase, e.g. `ollama:llama3`.
             */
            models?: {
                [key: string]: string;
            };
            /**
             * Refresh Feeds
             * @description The fetch phase refreshes every subscribed RSS/Atom feed (conditional GETs); the cache phase then fetches the new entries' pages.
             * @default true
             */
            refresh_feeds?: boolean;
            /** Skip Phases */
            skip_phases?: ("fetch" | "cache" | "media" | "categorise" | "generate" | "embed" | "synthesis" | "export" | "git")[];
            /** Synthesis Max Items */
            synthesis_max_items?: number | null;
            /** Synthesis Min Items */
            synthesis_min_items?: number | null;
            /**
             * X Full Sync
             * @description Fetch every X bookmark, not only those newer than stored.
             * @default false
             */
            x_full_sync?: boolean;
        };
        /** RunPage */
        RunPage: {
            /** Items */
            items: components["schemas"]["RunRead"][];
            /** Limit */
            limit: number;
            /** Offset */
            offset: number;
            /** Total */
            total: number;
        };
        /** RunRead */
        RunRead: {
            /** Completed At */
            completed_at: string | null;
            /** Config */
            config: {
                [key: string]: unknown;
            } | null;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Current Phase */
            current_phase: string | null;
            /** Error Message */
            error_message: string | null;
            /** Eta Seconds */
            eta_seconds: number | null;
            failures: components["schemas"]["FailureSummary"];
            /** Heartbeat At */
            heartbeat_at: string | null;
            /** Id */
            id: string;
            /** Phases */
            phases: components["schemas"]["PhaseProgress"][];
            /** Progress Percentage */
            progress_percentage: number;
            /** Result Data */
            result_data: {
                [key: string]: unknown;
            } | null;
            /** Started At */
            started_at: string | null;
            /**
             * Status
             * @enum {string}
             */
            status: "pending" | "running" | "paused" | "stalled" | "completed" | "completed_with_failures" | "cancelled";
            /** Task Type */
            task_type: string;
        };
        /** ScheduleCreate */
        ScheduleCreate: {
            config?: components["schemas"]["RunConfig"];
            /**
             * Cron
             * @example 0 3 * * *
             */
            cron: string;
            /**
             * Enabled
             * @default true
             */
            enabled?: boolean;
            /** Name */
            name: string;
        };
        /** ScheduleRead */
        ScheduleRead: {
            /** Config */
            config: {
                [key: string]: unknown;
            };
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Cron */
            cron: string;
            /** Enabled */
            enabled: boolean;
            /** Id */
            id: string;
            /** Last Run At */
            last_run_at: string | null;
            /** Last Task Id */
            last_task_id: string | null;
            /** Name */
            name: string;
            /** Next Run At */
            next_run_at: string | null;
        };
        /** ScheduleUpdate */
        ScheduleUpdate: {
            config?: components["schemas"]["RunConfig"] | null;
            /** Cron */
            cron?: string | null;
            /** Enabled */
            enabled?: boolean | null;
            /** Name */
            name?: string | null;
        };
        /** SearchFilters */
        SearchFilters: {
            /** Date From */
            date_from?: string | null;
            /** Date To */
            date_to?: string | null;
            /** Main Category */
            main_category?: string | null;
            /** Source Type */
            source_type?: string | null;
            /** Sub Category */
            sub_category?: string | null;
            /** Tags */
            tags?: string[];
        };
        /**
         * SearchMode
         * @enum {string}
         */
        SearchMode: "hybrid" | "fulltext" | "vector";
        /** SearchRequest */
        SearchRequest: {
            filters?: components["schemas"]["SearchFilters"];
            /**
             * Limit
             * @default 10
             */
            limit?: number;
            /** @default hybrid */
            mode?: components["schemas"]["SearchMode"];
            /**
             * Offset
             * @default 0
             */
            offset?: number;
            /** Query */
            query: string;
        };
        /** SearchResponse */
        SearchResponse: {
            mode: components["schemas"]["SearchMode"];
            /** Query */
            query: string;
            /** Results */
            results: components["schemas"]["SearchResult"][];
            /** Took Ms */
            took_ms: number;
        };
        /** SearchResult */
        SearchResult: {
            /** Chunk Index */
            chunk_index: number;
            /** Content Item Id */
            content_item_id: string;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Item Id */
            item_id: string;
            /** Main Category */
            main_category: string | null;
            /** Matched By */
            matched_by: components["schemas"]["SearchMode"][];
            /**
             * Score
             * @description Fused (RRF), BM25 or cosine score; higher is better.
             */
            score: number;
            /**
             * Snippet
             * @description HTML-escaped text with matches in <mark> tags.
             */
            snippet: string;
            /** Source Type */
            source_type: string;
            /** Source Url */
            source_url: string | null;
            /** Sub Category */
            sub_category: string | null;
            /**
             * Summary
             * @description HTML-escaped, like the snippet.
             */
            summary: string | null;
            /** Tags */
            tags: string[];
            /**
             * Title
             * @description HTML-escaped, like the snippet.
             */
            title: string;
        };
        /** Session */
        Session: {
            /**
             * Access Expires At
             * Format: date-time
             */
            access_expires_at: string;
            /** Access Token */
            access_token: string;
            /** Csrf Token */
            csrf_token: string;
            /** Refresh Token */
            refresh_token: string;
            user: components["schemas"]["UserRead"];
        };
        /** SessionCreate */
        SessionCreate: {
            /** Model */
            model?: string | null;
            /** Title */
            title?: string | null;
        };
        /** SessionPage */
        SessionPage: {
            /** Items */
            items: components["schemas"]["SessionRead"][];
            /** Limit */
            limit: number;
            /** Offset */
            offset: number;
            /** Total */
            total: number;
        };
        /** SessionRead */
        SessionRead: {
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Id */
            id: string;
            /** Is Archived */
            is_archived: boolean;
            /**
             * Last Updated
             * Format: date-time
             */
            last_updated: string;
            /** Message Count */
            message_count: number;
            /** Model */
            model: string | null;
            /** Title */
            title: string | null;
        };
        /**
         * SessionUpdate
         * @description Rename, archive or restore (`is_archived`), or change the session's model.
         */
        SessionUpdate: {
            /** Is Archived */
            is_archived?: boolean | null;
            /** Model */
            model?: string | null;
            /** Title */
            title?: string | null;
        };
        /** SettingInfo */
        SettingInfo: {
            /** Description */
            description: string | null;
            /** Environment Variable */
            environment_variable: string;
            /**
             * Group
             * @enum {string}
             */
            group: "ai_backends" | "models" | "processing" | "retention" | "x_app";
            /** Name */
            name: string;
            /** Secret */
            secret: boolean;
            /**
             * Source
             * @enum {string}
             */
            source: "default" | "environment" | "database";
            /** Updated At */
            updated_at: string | null;
            /** Updated By */
            updated_by: string | null;
        };
        /** SettingsRead */
        SettingsRead: {
            /** Fields */
            fields: components["schemas"]["SettingInfo"][];
            values: components["schemas"]["SettingsValues"];
            /** Version */
            version: number;
        };
        /**
         * SettingsUpdate
         * @description A change; a name in `reset` goes back to the environment's value (or the default).
         */
        SettingsUpdate: {
            /** Backup Cron */
            backup_cron?: string | null;
            /** Backup Keep */
            backup_keep?: number | null;
            /** Category Similarity */
            category_similarity?: number | null;
            /** Chat Answer Strategy */
            chat_answer_strategy?: ("auto" | "model" | "extractive") | null;
            /** Fetch Max Bytes */
            fetch_max_bytes?: number | null;
            /** Fetch Max Redirects */
            fetch_max_redirects?: number | null;
            /** Fetch Timeout Seconds */
            fetch_timeout_seconds?: number | null;
            /** Media Max Bytes */
            media_max_bytes?: number | null;
            /** Model Categorisation */
            model_categorisation?: string | null;
            /** Model Chat */
            model_chat?: string | null;
            /** Model Embeddings */
            model_embeddings?: string | null;
            /** Model Kb Generation */
            model_kb_generation?: string | null;
            /** Model Prices */
            model_prices?: {
                [key: string]: [
                    number,
                    number
                ];
            } | null;
            /** Model Synthesis */
            model_synthesis?: string | null;
            /** Model Vision */
            model_vision?: string | null;
            /** Ollama Options */
            ollama_options?: {
                [key: string]: unknown;
            } | null;
            /** Ollama Url */
            ollama_url?: string | null;
            /** Openai Api Key */
            openai_api_key?: string | null;
            /** Openai Base Url */
            openai_base_url?: string | null;
            /** Openai Context Window */
            openai_context_window?: number | null;
            /** Openai Extra Body */
            openai_extra_body?: {
                [key: string]: unknown;
            } | null;
            /** Openai Json Mode */
            openai_json_mode?: ("json_schema" | "json_object" | "none") | null;
            /** Pipeline Batch Size */
            pipeline_batch_size?: number | null;
            /** Pipeline Max Attempts */
            pipeline_max_attempts?: number | null;
            /**
             * Reset
             * @description Settings back to the environment's.
             */
            reset?: string[];
            /** Retain Event Days */
            retain_event_days?: number | null;
            /** Retain Item Versions */
            retain_item_versions?: number | null;
            /** Retain Runs */
            retain_runs?: number | null;
            /** Retain Usage Days */
            retain_usage_days?: number | null;
            /** Synthesis Max Items */
            synthesis_max_items?: number | null;
            /** Synthesis Min Items */
            synthesis_min_items?: number | null;
            /** Synthesis Min Subcategories */
            synthesis_min_subcategories?: number | null;
            /** Vault Auto Sync */
            vault_auto_sync?: boolean | null;
            /** X Client Id */
            x_client_id?: string | null;
            /** X Client Secret */
            x_client_secret?: string | null;
            /** X Redirect Uri */
            x_redirect_uri?: string | null;
        };
        /**
         * SettingsValues
         * @description The settings in force; a secret shows only whether it is set (`****` and its last four
         *     characters when long enough to tell keys apart).
         */
        SettingsValues: {
            /** Backup Cron */
            backup_cron: string;
            /** Backup Keep */
            backup_keep: number;
            /** Category Similarity */
            category_similarity: number;
            /**
             * Chat Answer Strategy
             * @enum {string}
             */
            chat_answer_strategy: "auto" | "model" | "extractive";
            /** Fetch Max Bytes */
            fetch_max_bytes: number;
            /** Fetch Max Redirects */
            fetch_max_redirects: number;
            /** Fetch Timeout Seconds */
            fetch_timeout_seconds: number;
            /** Media Max Bytes */
            media_max_bytes: number;
            /** Model Categorisation */
            model_categorisation: string;
            /** Model Chat */
            model_chat: string;
            /** Model Embeddings */
            model_embeddings: string;
            /** Model Kb Generation */
            model_kb_generation: string;
            /** Model Prices */
            model_prices: {
                [key: string]: [
                    number,
                    number
                ];
            };
            /** Model Synthesis */
            model_synthesis: string;
            /** Model Vision */
            model_vision: string;
            /** Ollama Options */
            ollama_options: {
                [key: string]: unknown;
            };
            /** Ollama Url */
            ollama_url: string | null;
            /** Openai Api Key */
            openai_api_key: string | null;
            /** Openai Base Url */
            openai_base_url: string | null;
            /** Openai Context Window */
            openai_context_window: number | null;
            /** Openai Extra Body */
            openai_extra_body: {
                [key: string]: unknown;
            };
            /**
             * Openai Json Mode
             * @enum {string}
             */
            openai_json_mode: "json_schema" | "json_object" | "none";
            /** Pipeline Batch Size */
            pipeline_batch_size: number;
            /** Pipeline Max Attempts */
            pipeline_max_attempts: number;
            /** Retain Event Days */
            retain_event_days: number;
            /** Retain Item Versions */
            retain_item_versions: number;
            /** Retain Runs */
            retain_runs: number;
            /** Retain Usage Days */
            retain_usage_days: number;
            /** Synthesis Max Items */
            synthesis_max_items: number;
            /** Synthesis Min Items */
            synthesis_min_items: number;
            /** Synthesis Min Subcategories */
            synthesis_min_subcategories: number;
            /** Vault Auto Sync */
            vault_auto_sync: boolean;
            /** X Client Id */
            x_client_id: string | null;
            /** X Client Secret */
            x_client_secret: string | null;
            /** X Redirect Uri */
            x_redirect_uri: string;
        };
        /** SetupRequest */
        SetupRequest: {
            /** Password */
            password: string;
            /** Setup Token */
            setup_token: string;
            /** Username */
            username: string;
        };
        /** SkippedRecord */
        SkippedRecord: {
            /** Key */
            key: string;
            /** Kind */
            kind: string;
            /** Reason */
            reason: string;
        };
        /**
         * Source
         * @description A numbered source offered to the model; `[number]` in an answer cites it.
         */
        Source: {
            /** Category */
            category: string | null;
            /**
             * Cited
             * @default false
             */
            cited?: boolean;
            /** Id */
            id: string;
            /**
             * Kind
             * @enum {string}
             */
            kind: "item" | "synthesis";
            /** Number */
            number: number;
            /** Snippet */
            snippet: string;
            /** Title */
            title: string;
            /** Url */
            url: string | null;
        };
        /** SubCategoryRead */
        SubCategoryRead: {
            /** Count */
            count: number;
            /** Name */
            name: string;
        };
        /** SyncReport */
        SyncReport: {
            /** Removed */
            removed: number;
            /** Unchanged */
            unchanged: number;
            /** Written */
            written: number;
        };
        /** SynthesisRead */
        SynthesisRead: {
            /** Content */
            content: string;
            /** Content Hash */
            content_hash: string | null;
            /** Id */
            id: string;
            /** Is Stale */
            is_stale: boolean;
            /** Item Count */
            item_count: number;
            /** Main Category */
            main_category: string;
            /**
             * Model
             * @description The `backend:model` that wrote it.
             */
            model: string | null;
            /** Source Item Ids */
            source_item_ids: string[];
            /**
             * Sources
             * @description The sources still there, with their titles (in `source_item_ids` order).
             */
            sources: components["schemas"]["SynthesisSourceRef"][];
            /** Sub Category */
            sub_category: string | null;
            /** Title */
            title: string;
            /**
             * Updated At
             * Format: date-time
             */
            updated_at: string;
        };
        /** SynthesisSourceRef */
        SynthesisSourceRef: {
            /** Id */
            id: string;
            /**
             * Kind
             * @description `item` (a note) or `synthesis` (a subcategory's synthesis).
             */
            kind: string;
            /** Title */
            title: string;
        };
        /** SystemMetrics */
        SystemMetrics: {
            /** Ai Usage */
            ai_usage: components["schemas"]["UsageWindow"][];
            /**
             * At
             * Format: date-time
             */
            at: string;
            host: components["schemas"]["HostMetrics"];
            /** Items By State */
            items_by_state: {
                [key: string]: number;
            };
            queue: components["schemas"]["QueueMetrics"];
            /** Runs By Status */
            runs_by_status: {
                [key: string]: number;
            };
        };
        /** UrlsAdd */
        UrlsAdd: {
            /** Urls */
            urls: string[];
        };
        /**
         * UrlsQueued
         * @description URLs stored as items awaiting their pages, and the run that fetches them.
         */
        UrlsQueued: {
            report: components["schemas"]["ImportReport"];
            /**
             * Run Id
             * @description The fetch_only run started for them; null when a run was already active (the next run fetches them).
             */
            run_id: string | null;
        };
        /**
         * UsageBucket
         * @description Model calls of one phase and model within one time bucket starting at `at`.
         */
        UsageBucket: {
            /**
             * At
             * Format: date-time
             */
            at: string;
            /** Calls */
            calls: number;
            /** Completion Tokens */
            completion_tokens: number;
            /** Cost Usd */
            cost_usd: number | null;
            /** Failures */
            failures: number;
            /** Latency Ms Avg */
            latency_ms_avg: number;
            /** Latency Ms Max */
            latency_ms_max: number;
            /** Model */
            model: string;
            /** Phase */
            phase: string;
            /** Prompt Tokens */
            prompt_tokens: number;
        };
        /** UsageTotals */
        UsageTotals: {
            /** Calls */
            calls: number;
            /** Completion Tokens */
            completion_tokens: number;
            /** Cost Usd */
            cost_usd: number | null;
            /** Failures */
            failures: number;
            /** Latency Ms */
            latency_ms: number;
            /** Phase */
            phase: string;
            /** Prompt Tokens */
            prompt_tokens: number;
            /** Run Id */
            run_id: string | null;
        };
        /** UsageWindow */
        UsageWindow: {
            /** By Model */
            by_model: components["schemas"]["ModelTotals"][];
            /**
             * Since
             * Format: date-time
             */
            since: string;
            /** Window */
            window: string;
        };
        /** UserCreate */
        UserCreate: {
            /** Password */
            password: string;
            role: components["schemas"]["Role"];
            /** Username */
            username: string;
        };
        /** UserRead */
        UserRead: {
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Id */
            id: number;
            /** Last Login At */
            last_login_at: string | null;
            role: components["schemas"]["Role"];
            /** Username */
            username: string;
        };
        /** UserUpdate */
        UserUpdate: {
            /** Password */
            password?: string | null;
            role?: components["schemas"]["Role"] | null;
        };
        /** ValidationError */
        ValidationError: {
            /** Context */
            ctx?: Record<string, never>;
            /** Input */
            input?: unknown;
            /** Location */
            loc: (string | number)[];
            /** Message */
            msg: string;
            /** Error Type */
            type: string;
        };
        /** XAuthorization */
        XAuthorization: {
            /** Authorize Url */
            authorize_url: string;
            /** State */
            state: string;
        };
        /** XConnection */
        XConnection: {
            /** Account Id */
            account_id: string | null;
            /** Account Name */
            account_name: string | null;
            /** Provider */
            provider: string;
            /** Scope */
            scope: string;
        };
        /**
         * XStatus
         * @description Whether an X account is connected, which, and when its last bookmark was stored.
         */
        XStatus: {
            /** Account Id */
            account_id?: string | null;
            /** Account Name */
            account_name?: string | null;
            /** Connected */
            connected: boolean;
            /** Connected At */
            connected_at?: string | null;
            /**
             * Last Sync At
             * @description When the newest bookmark from X was stored (null: none yet).
             */
            last_sync_at?: string | null;
            /** Scope */
            scope?: string | null;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    history_api_v1_agent_history_get: {
        parameters: {
            query?: {
                limit?: number;
                offset?: number;
                status?: ("pending" | "running" | "paused" | "stalled" | "completed" | "completed_with_failures" | "cancelled") | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RunPage"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    item_pipeline_view_api_v1_agent_items__item_id__pipeline_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                item_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ItemPipelineRead"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    retry_item_phase_api_v1_agent_items__item_id__pipeline__phase__retry_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                item_id: string;
                phase: "cache" | "media" | "categorise" | "generate" | "embed";
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ItemRetryResult"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Duplicate */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    pause_api_v1_agent_pause__task_id__post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                task_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RunRead"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    reembed_api_v1_agent_reembed_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RunRead"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Duplicate */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    resume_api_v1_agent_resume__task_id__post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                task_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RunRead"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    retry_failed_api_v1_agent_retry_failed_post: {
        parameters: {
            query?: {
                /** @description Only the items that failed in this phase. */
                phase?: ("cache" | "media" | "categorise" | "generate" | "embed") | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["RunConfig"] | null;
            };
        };
        responses: {
            /** @description Successful Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RetryResult"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Duplicate */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    list_schedules_api_v1_agent_schedules_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScheduleRead"][];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    create_schedule_api_v1_agent_schedules_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ScheduleCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScheduleRead"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Duplicate */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    get_schedule_api_v1_agent_schedules__schedule_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                schedule_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScheduleRead"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    update_schedule_api_v1_agent_schedules__schedule_id__put: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                schedule_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ScheduleUpdate"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScheduleRead"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Duplicate */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    delete_schedule_api_v1_agent_schedules__schedule_id__delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                schedule_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    run_now_api_v1_agent_schedules__schedule_id__run_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                schedule_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RunRead"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Duplicate */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    preview_cron_api_v1_agent_schedules_preview_get: {
        parameters: {
            query: {
                cron: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CronPreview"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    start_api_v1_agent_start_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["RunConfig"] | null;
            };
        };
        responses: {
            /** @description Successful Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RunRead"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Duplicate */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    run_status_api_v1_agent_status__task_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                task_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RunRead"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    run_failed_items_api_v1_agent_status__task_id__failed_items_get: {
        parameters: {
            query?: {
                limit?: number;
                offset?: number;
            };
            header?: never;
            path: {
                task_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FailedItemPage"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    stop_api_v1_agent_stop__task_id__post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                task_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RunRead"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    usage_api_v1_ai_usage_get: {
        parameters: {
            query?: {
                run_id?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UsageTotals"][];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    list_keys_api_v1_auth_keys_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeyRead"][];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    create_key_api_v1_auth_keys_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ApiKeyCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeyCreated"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    revoke_key_api_v1_auth_keys__key_id__delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                key_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    login_api_v1_auth_login_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LoginRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Session"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too many attempts */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    logout_api_v1_auth_logout_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    me_api_v1_auth_me_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserRead"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    change_password_api_v1_auth_password_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PasswordChange"];
            };
        };
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    refresh_api_v1_auth_refresh_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["RefreshRequest"] | null;
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Session"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    setup_api_v1_auth_setup_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SetupRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Session"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    auth_status_api_v1_auth_status_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuthStatus"];
                };
            };
        };
    };
    cancel_api_v1_chat_messages__message_id__cancel_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                message_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: string;
                    };
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    retry_api_v1_chat_messages__message_id__retry_post: {
        parameters: {
            query?: {
                stream?: boolean;
            };
            header?: never;
            path: {
                message_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MessageRead"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description A remote server failed */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    list_sessions_api_v1_chat_sessions_get: {
        parameters: {
            query?: {
                archived?: boolean | null;
                limit?: number;
                offset?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionPage"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    create_session_api_v1_chat_sessions_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["SessionCreate"] | null;
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionRead"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    get_session_api_v1_chat_sessions__session_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                session_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionRead"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    delete_session_api_v1_chat_sessions__session_id__delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                session_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    update_session_api_v1_chat_sessions__session_id__patch: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                session_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SessionUpdate"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionRead"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    list_messages_api_v1_chat_sessions__session_id__messages_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                session_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MessageRead"][];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    send_message_api_v1_chat_sessions__session_id__messages_post: {
        parameters: {
            query?: {
                stream?: boolean;
            };
            header?: never;
            path: {
                session_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MessageCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChatReply"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description A remote server failed */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    import_upload_api_v1_content_import_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "multipart/form-data": components["schemas"]["Body_import_upload_api_v1_content_import_post"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImportReport"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    list_items_api_v1_content_items_get: {
        parameters: {
            query?: {
                limit?: number;
                main_category?: string | null;
                offset?: number;
                processing_state?: string | null;
                source_type?: string | null;
                sub_category?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContentItemPage"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    create_item_api_v1_content_items_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ContentItemCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContentItemRead"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Duplicate */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    get_item_api_v1_content_items__item_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                item_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContentItemRead"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    update_item_api_v1_content_items__item_id__put: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                item_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ContentItemUpdate"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContentItemRead"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    delete_item_api_v1_content_items__item_id__delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                item_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    search_api_v1_content_search_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SearchRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SearchResponse"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description A required part is down */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    add_urls_api_v1_content_urls_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UrlsAdd"];
            };
        };
        responses: {
            /** @description Successful Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UrlsQueued"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    categories_api_v1_knowledge_categories_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CategoryTree"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    create_category_api_v1_knowledge_categories_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CategoryCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CategoryRead"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Duplicate */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    merge_categories_api_v1_knowledge_categories_merge_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CategoryMerge"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CategoryChange"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    move_category_api_v1_knowledge_categories_move_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CategoryMove"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CategoryChange"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Duplicate */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    rename_category_api_v1_knowledge_categories_rename_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CategoryRename"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CategoryChange"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Duplicate */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    embedding_search_api_v1_knowledge_embeddings_search_get: {
        parameters: {
            query: {
                limit?: number;
                main_category?: string | null;
                q: string;
                source_type?: string | null;
                sub_category?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SearchResponse"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description A required part is down */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    embedding_space_status_api_v1_knowledge_embeddings_space_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EmbeddingSpaceRead"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    list_items_api_v1_knowledge_items_get: {
        parameters: {
            query?: {
                limit?: number;
                main_category?: string | null;
                offset?: number;
                sub_category?: string | null;
                tag?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["KnowledgeItemPage"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    create_item_api_v1_knowledge_items_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["KnowledgeItemCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["KnowledgeItemRead"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Duplicate */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    get_item_api_v1_knowledge_items__item_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                item_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["KnowledgeItemRead"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    update_item_api_v1_knowledge_items__item_id__put: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                item_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["KnowledgeItemUpdate"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["KnowledgeItemRead"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    delete_item_api_v1_knowledge_items__item_id__delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                item_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    item_diff_api_v1_knowledge_items__item_id__diff_get: {
        parameters: {
            query: {
                from: number;
                to: number;
            };
            header?: never;
            path: {
                item_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ItemDiff"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    item_history_api_v1_knowledge_items__item_id__history_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                item_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ItemHistory"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    item_media_api_v1_knowledge_items__item_id__media__index__get: {
        parameters: {
            query?: never;
            header?: {
                "if-none-match"?: string | null;
            };
            path: {
                index: number;
                item_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The file: an image inline, anything else as a download. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/octet-stream": string;
                    "image/gif": string;
                    "image/jpeg": string;
                    "image/png": string;
                    "image/webp": string;
                };
            };
            /** @description Not modified (`If-None-Match` matched). */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    restore_item_api_v1_knowledge_items__item_id__restore__version__post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                item_id: string;
                version: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["KnowledgeItemRead"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    list_syntheses_api_v1_knowledge_synthesis_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SynthesisRead"][];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    generate_syntheses_api_v1_knowledge_synthesis_generate_post: {
        parameters: {
            query?: {
                force?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RunRead"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Duplicate */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    export_vault_api_v1_knowledge_vault_export_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    git_sync_vault_api_v1_knowledge_vault_git_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RunRead"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Duplicate */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    sync_vault_api_v1_knowledge_vault_sync_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SyncReport"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    list_migrations_api_v1_legacy_migrations_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MigrationRunRead"][];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    start_migration_api_v1_legacy_migrations_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MigrationRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MigrationRunRead"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Duplicate */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    get_migration_api_v1_legacy_migrations__run_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                run_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MigrationRunDetail"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    rollback_migration_api_v1_legacy_migrations__run_id__rollback_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                run_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RollbackReport"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Duplicate */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    read_settings_api_v1_settings_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SettingsRead"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    update_settings_api_v1_settings_put: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SettingsUpdate"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SettingsRead"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    check_backend_api_v1_settings_backends__backend__test_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                backend: "local" | "ollama" | "openai";
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["ConnectionRequest"] | null;
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConnectionTest"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    list_feeds_api_v1_sources_feeds_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FeedList"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    subscribe_api_v1_sources_feeds_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["FeedAdd"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FeedRefreshed"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Duplicate */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description A remote server failed */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    unsubscribe_api_v1_sources_feeds__feed_id__delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                feed_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    refresh_one_api_v1_sources_feeds__feed_id__refresh_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                feed_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FeedRefreshed"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description A remote server failed */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    export_opml_api_v1_sources_feeds_opml_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description An OPML 2.0 file. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/x-opml": unknown;
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    import_opml_api_v1_sources_feeds_opml_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "multipart/form-data": components["schemas"]["Body_import_opml_api_v1_sources_feeds_opml_post"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OpmlImported"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Duplicate */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    refresh_all_api_v1_sources_feeds_refresh_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RunRead"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Duplicate */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    x_authorize_api_v1_sources_x_authorize_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["XAuthorization"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    x_callback_api_v1_sources_x_callback_get: {
        parameters: {
            query: {
                code: string;
                state: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["XConnection"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description A remote server failed */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    x_status_api_v1_sources_x_connection_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["XStatus"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    x_sync_api_v1_sources_x_sync_post: {
        parameters: {
            query?: {
                full?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RunRead"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Duplicate */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    audit_log_api_v1_system_audit_get: {
        parameters: {
            query?: {
                action?: string | null;
                actor?: string | null;
                limit?: number;
                offset?: number;
                since?: string | null;
                until?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditPage"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    list_all_api_v1_system_backups_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BackupList"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    create_api_v1_system_backups_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BackupCreated"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description A required part is down */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    download_api_v1_system_backups__name__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/gzip": unknown;
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    delete_api_v1_system_backups__name__delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    health_api_v1_system_health_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HealthReport"];
                };
            };
            /** @description A required part is down */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    logs_api_v1_system_logs_get: {
        parameters: {
            query?: {
                /** @description Minimum level. */
                level?: ("DEBUG" | "INFO" | "WARNING" | "ERROR" | "CRITICAL") | null;
                limit?: number;
                offset?: number;
                /** @description Case-insensitive substring of the message or the type (`%` and `_` match themselves). */
                q?: string | null;
                since?: string | null;
                /** @description Only this run. */
                task_id?: string | null;
                until?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EventPage"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    export_logs_api_v1_system_logs_export_get: {
        parameters: {
            query?: {
                /** @description Minimum level. */
                level?: ("DEBUG" | "INFO" | "WARNING" | "ERROR" | "CRITICAL") | null;
                /** @description Case-insensitive substring of the message or the type (`%` and `_` match themselves). */
                q?: string | null;
                since?: string | null;
                /** @description Only this run. */
                task_id?: string | null;
                until?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/x-ndjson": unknown;
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    metrics_api_v1_system_metrics_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SystemMetrics"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    metrics_history_api_v1_system_metrics_history_get: {
        parameters: {
            query?: {
                /** @description How far back. */
                window?: "1h" | "6h" | "24h" | "7d";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MetricsHistory"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    list_models_api_v1_system_models_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelCatalogue"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    list_users_api_v1_users_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserRead"][];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    create_user_api_v1_users_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UserCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserRead"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Duplicate */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    delete_user_api_v1_users__user_id__delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                user_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    update_user_api_v1_users__user_id__patch: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                user_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UserUpdate"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserRead"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    prometheus_metrics_metrics_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": string;
                    "text/plain; version=1.0.0; charset=utf-8": unknown;
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Permission denied */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
}
