// The version every Suara binary reports with `--version`: the Debian package version in a
// package build (debian/rules passes it), `0.1.0+git.<describe>` in a developer build.
#pragma once

#include <string_view>

namespace suara::service {

// "0.1.0-1", "0.1.0+git.e5be13a-dirty", ...
std::string_view version();

// Prints "<program> <version>" to stdout and returns true when any argument is exactly
// "--version"; main() then exits 0. Called first, so it works even without a config file.
bool printVersionIfAsked(std::string_view program, int argc, char** argv);

} // namespace suara::service
