//! Placeholder: being written (msgpack and JSON codecs).
