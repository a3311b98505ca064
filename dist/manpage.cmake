# Writes the man page linetwin.1 from the built command's own help texts:
# `linetwin --help`, then `linetwin COMMAND --help` for every command that
# the first one lists. The help texts stay the one source; this only wraps
# them in roff (each text as a no-fill block, so its layout is kept).
#   cmake -DLINETWIN=path/to/linetwin -DVERSION=x.y.z -DOUT=linetwin.1 -P manpage.cmake
function(help_text out_var)
  execute_process(COMMAND ${LINETWIN} ${ARGN} --help
                  OUTPUT_VARIABLE text ERROR_VARIABLE err RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    if(NOT ARGN)
      message(FATAL_ERROR "linetwin --help failed (${rc}): ${err}")
    endif()
    # A command this build lacks (view and snapshot without SDL2) says so.
    set(text "${err}")
  endif()
  set(${out_var} "${text}" PARENT_SCOPE)
endfunction()

# Plain text to a roff no-fill block: backslashes and minus signs escaped,
# lines that start with a dot or a quote protected.
function(roff out_var text)
  string(REPLACE "\\" "\\e" text "${text}")
  string(REPLACE "-" "\\-" text "${text}")
  string(REGEX REPLACE "(^|\n)([.'])" "\\1\\\\&\\2" text "${text}")
  set(${out_var} ".nf\n${text}.fi\n" PARENT_SCOPE)
endfunction()

help_text(main_help)
# The commands: the lines of the "commands:" paragraph, "  NAME ...".
string(REGEX MATCH "commands:\n(  [^\n]*\n|                [^\n]*\n)*" block "${main_help}")
string(REGEX MATCHALL "\n  [a-z]+ " names "${block}")
set(commands "")
foreach(n IN LISTS names)
  string(STRIP "${n}" n)
  list(APPEND commands ${n})
endforeach()
list(REMOVE_DUPLICATES commands)
if(NOT commands)
  message(FATAL_ERROR "no commands found in `linetwin --help`")
endif()

roff(main_roff "${main_help}")
set(page ".\\\" Generated from the command's --help texts by dist/manpage.cmake; do not edit.
.TH LINETWIN 1 \"\" \"linetwin ${VERSION}\" \"User Commands\"
.SH NAME
linetwin \\- MES and production\\-line digital\\-twin simulator
.SH SYNOPSIS
.B linetwin
.I COMMAND
.RI [ ARGS ]
.SH DESCRIPTION
${main_roff}.SH COMMANDS
")
foreach(c IN LISTS commands)
  help_text(text ${c})
  roff(text_roff "${text}")
  string(APPEND page ".SS linetwin ${c}\n${text_roff}")
endforeach()
string(APPEND page ".SH FILES
.TP
.I share/linetwin/scenes/
example scenes (the demo line, its retrofit, production orders, validation cases)
.TP
.I share/doc/linetwin/
the reference: cli.md, scene\\-format.md, kpis.md, material\\-handling.md, viewer.md
.SH SEE ALSO
.BR pkg\\-config (1)
for building against liblinetwin (linetwin.h).
")
file(WRITE "${OUT}.tmp" "${page}")
file(RENAME "${OUT}.tmp" "${OUT}")
