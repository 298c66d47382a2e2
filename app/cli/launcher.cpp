// SPDX-License-Identifier: GPL-3.0-or-later
// anomaly-workbench-cli: a launcher without torch. `presets` is answered here, in milliseconds;
// everything else is the engine's (anomaly-workbench-engine beside this program, the whole CLI,
// linked with libtorch, whose loading alone takes about 0.6 s), which replaces this process with
// the same arguments: the same process id, signals, exit code and output.
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

#include "core/experiment/preset_files.h"

int main(int argc, char** argv) {
    if (argc == 2 && std::strcmp(argv[1], "presets") == 0) {
        std::fputs(awb::core::presetListText().c_str(), stdout);
        return std::fflush(stdout) == 0 ? 0 : 1;
    }
    const auto dir = awb::core::programDirectory();
    const std::string engine = dir.empty() ? std::string("anomaly-workbench-engine")
                                           : (dir / "anomaly-workbench-engine").string();
    if (dir.empty())
        ::execvp(engine.c_str(), argv);
    else
        ::execv(engine.c_str(), argv);
    std::fprintf(stderr,
                 "anomaly-workbench-cli: cannot start %s (%s): the CLI's engine belongs beside "
                 "this program (build or install both)\n",
                 engine.c_str(), std::strerror(errno));
    return 127;
}
