package serve

// Log attribute keys, kebab-case like the engine's.
const (
	keyPlaybook     = "playbook"
	keyFile         = "file"
	keyRunID        = "run-id"
	keySkipID       = "skip-id"
	keyStep         = "step"
	keyAction       = "action"
	keyStatus       = "status"
	keyError        = "error"
	keySchedule     = "schedule"
	keyScheduledAt  = "scheduled-at"
	keyRunningSince = "running-since"
	keyDurationMS   = "duration-ms"
	keyAPICalls     = "api-calls"
	keyRetries      = "retries"
	keyFailedItems  = "failed-items"
	keyListen       = "listen"
	keyFolder       = "folder"
	keyPlaybooks    = "playbooks"
	keyDeleted      = "deleted"
	keyKeepHistory  = "keep-history"
)
