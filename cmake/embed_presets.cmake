# SPDX-License-Identifier: GPL-3.0-or-later
# Writes OUT, a C++ file holding each preset JSON file of DIR as a string, so that a program built
# from this tree runs its presets wherever it is run from (installed copies take precedence).
file(GLOB files "${DIR}/*.json")
list(SORT files)
set(body "// Generated from resources/presets by cmake/embed_presets.cmake: do not edit.\n")
string(APPEND body "#include <string>\n#include <utility>\n#include <vector>\n\n")
string(APPEND body "namespace awb::core {\n\nstd::vector<std::pair<std::string, std::string>> embeddedPresetFiles() {\n    return {\n")
foreach(f IN LISTS files)
  get_filename_component(name "${f}" NAME_WLE)
  file(READ "${f}" text)
  string(APPEND body "        {\"${name}\", R\"awbpreset(${text})awbpreset\"},\n")
endforeach()
string(APPEND body "    };\n}\n\n}  // namespace awb::core\n")
file(WRITE "${OUT}.tmp" "${body}")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUT}.tmp")
