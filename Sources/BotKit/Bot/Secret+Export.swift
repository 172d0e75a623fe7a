/// A secret a bot option names (`NAME_env` or `NAME_file` in YAML); see `YAMLConfig.Secret`.
@_exported import struct YAMLConfig.Secret
