# Dependencies of the MinGW-w64 cross-build (tools/setup-windows.sh builds the prefix that
# the toolchain file puts on the search path). Targets get the names the Linux build uses,
# so the rest of the build does not care which system it builds for.
find_package(Eigen3 REQUIRED NO_MODULE)
find_package(nlohmann_json REQUIRED)
find_package(CLI11 REQUIRED)
find_package(CURL REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(OpenSSL REQUIRED)
find_package(Threads REQUIRED)
find_package(fmt REQUIRED)
find_package(spdlog REQUIRED)

set(windeps_include ${windeps_prefix}/include)

# Header-only, from the Debian packages through the prefix's symlinks.
foreach(lib tl::expected date::date PkgConfig::HTTPLIB)
  add_library(${lib} INTERFACE IMPORTED)
  target_include_directories(${lib} INTERFACE ${windeps_include})
endforeach()
target_link_libraries(PkgConfig::HTTPLIB INTERFACE ws2_32 crypt32)

# Static libraries need their Windows system libraries spelled out.
set_property(TARGET CURL::libcurl APPEND PROPERTY INTERFACE_COMPILE_DEFINITIONS CURL_STATICLIB)
set_property(TARGET CURL::libcurl APPEND PROPERTY INTERFACE_LINK_LIBRARIES
             ws2_32 bcrypt crypt32 advapi32)
set_property(TARGET OpenSSL::Crypto APPEND PROPERTY INTERFACE_LINK_LIBRARIES ws2_32 crypt32)
add_library(PkgConfig::LDNS STATIC IMPORTED)
set_target_properties(PkgConfig::LDNS PROPERTIES
  IMPORTED_LOCATION ${windeps_prefix}/lib/libldns.a
  INTERFACE_INCLUDE_DIRECTORIES ${windeps_include}
  INTERFACE_LINK_LIBRARIES "OpenSSL::Crypto;ws2_32;gdi32;crypt32")
