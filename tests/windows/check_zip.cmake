# ctest (Windows build): cpack makes the zip, and it holds both executables, the README and
# the example configuration, the license. Run with -DBUILD_DIR=<the windows build tree>.
execute_process(COMMAND ${CMAKE_CPACK_COMMAND} -G ZIP WORKING_DIRECTORY ${BUILD_DIR}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cpack failed: ${out}")
endif()
file(GLOB zips ${BUILD_DIR}/ddnsguard-*-windows-x64.zip)
list(LENGTH zips n)
if(NOT n EQUAL 1)
  message(FATAL_ERROR "expected one ddnsguard-*-windows-x64.zip, found: ${zips}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -E tar tf ${zips} OUTPUT_VARIABLE listing
                RESULT_VARIABLE rc)
foreach(f ddnsguard.exe ddnsguardw.exe README.md LICENSE config.json)
  if(NOT listing MATCHES "/${f}\n")
    message(FATAL_ERROR "${f} missing from ${zips}:\n${listing}")
  endif()
endforeach()
file(SIZE ${BUILD_DIR}/ddnsguard.exe size)
message(STATUS "zip ok: ${zips}\n${listing}ddnsguard.exe unstripped: ${size} bytes")
