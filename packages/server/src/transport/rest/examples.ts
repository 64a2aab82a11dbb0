/**
 * Examples for the OpenAPI document, from the design document's §6.1 (the statistics example gains
 * the fields the server also returns: the date range and delivered/read per type).
 */

/** `POST /messages/send` (seed §6.1.1). */
export const SEND_EXAMPLE = {
  receiverId: 1001,
  messageType: 'SYSTEM',
  title: '系统维护通知',
  content: '系统将于今晚进行维护...',
  priority: 'HIGH',
  category: 'MAINTENANCE',
  metadata: { actionUrl: '/maintenance/details', actionText: '查看详情' },
  expireTime: '2030-01-27T00:00:00Z',
};

/** `POST /message-templates`: the maintenance-notice template (seed §6.1.2). */
export const MAINTENANCE_TEMPLATE_EXAMPLE = {
  name: '系统维护通知模板',
  category: 'MAINTENANCE',
  title: '系统维护通知 - {date}',
  content: '尊敬的{userName}，系统将于{maintenanceTime}进行维护...',
  variables: [
    { name: 'userName', type: 'STRING', required: true, description: '用户姓名' },
    { name: 'maintenanceTime', type: 'DATETIME', required: true, description: '维护时间' },
    { name: 'date', type: 'DATE', required: false, description: '日期' },
  ],
  priority: 'HIGH',
};

/** `GET /messages/statistics` response `data` (seed §6.1.3). */
export const STATISTICS_EXAMPLE = {
  startDate: '2024-01-01',
  endDate: '2024-01-31',
  total: 1500,
  delivered: 1450,
  read: 1200,
  readRate: 0.83,
  avgReadTime: 125.6,
  dailyStats: [{ date: '2024-01-01', total: 50, delivered: 48, read: 42, readRate: 0.875 }],
  typeStats: [
    { messageType: 'SYSTEM', count: 500, delivered: 480, read: 432, readRate: 0.9 },
    { messageType: 'BUSINESS', count: 800, delivered: 780, read: 608, readRate: 0.78 },
  ],
};
