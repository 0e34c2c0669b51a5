// The translation unit that builds the tests' precompiled header (target
// sparkify_test_code in tests/CMakeLists.txt); it has no code of its own.
