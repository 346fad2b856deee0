// The one translation unit that compiles Asio and Beast; every other file of
// gazette_http sees them as declarations only (BOOST_*_SEPARATE_COMPILATION).
#include <boost/asio/impl/src.hpp>
#include <boost/beast/src.hpp>
