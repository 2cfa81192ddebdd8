"""`nestbank-fuzz`: schemathesis against the sandbox (in-process) or any server, with
Nest Bank's authentication and checks. The tests of the harness are in tests/fuzz/."""
