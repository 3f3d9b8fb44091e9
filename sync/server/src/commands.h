// The subcommands of suara-server, one function each; main.cpp only dispatches. Each takes the
// arguments after its own name and returns the process exit code (0 ok, 1 failure, 2 usage).
#pragma once

#include <string>
#include <vector>

namespace suara::sync::cli {

using Args = std::vector<std::string>;

int serve(const Args& args);
int kiosk(const Args& args);  // add | revoke | list
int office(const Args& args); // add | edit | list
int token(const Args& args);  // add | list | revoke
int report(const Args& args);
int user(const Args& args); // add | disable | enable | passwd | role | logout | list (commands_dashboard.cpp)
int population(const Args& args); // set (commands_dashboard.cpp)
int audit(const Args& args);      // (commands_dashboard.cpp)
int alert(const Args& args);      // add | list | remove | alerts | ack (commands_alerts.cpp)
int comment(const Args& args);    // redact | retention (commands_personal.cpp)

extern const char* const kUsage;

} // namespace suara::sync::cli
