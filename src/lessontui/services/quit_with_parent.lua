-- Loaded into the mpv that lessontui starts (never into one it attaches to).
-- When lessontui is killed or crashes, this mpv is left with nobody to control
-- it and would play on: quit once lessontui is gone. Linux only (/proc);
-- elsewhere the script does nothing.

local function parent_pid()
    local file = io.open("/proc/self/stat", "r")
    if file == nil then
        return nil
    end
    local stat = file:read("*l")
    file:close()
    -- "pid (comm) state ppid ...": comm may hold spaces and ")", so match from
    -- the last ")".
    return stat and stat:match(".*%) %S+ (%d+)")
end

local function running(pid)
    local file = io.open("/proc/" .. pid .. "/stat", "r")
    if file == nil then
        return false
    end
    file:close()
    return true
end

local parent = parent_pid()
-- lessontui's own pid (--script-opts): it may have died before this script
-- loaded, or started mpv through a wrapper that stays our parent.
local lessontui = mp.get_opt("lessontui-pid")
if parent ~= nil then
    mp.add_periodic_timer(1, function()
        if parent_pid() ~= parent or (lessontui ~= nil and not running(lessontui)) then
            mp.msg.warn("lessontui is gone: quitting")
            mp.command("quit")
        end
    end)
end
